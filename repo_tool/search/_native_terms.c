/* The index path of the analyzer (search/_terms.py) in C: the same tokens, without offsets.
 *
 * _terms.py explains the steps; this is the same algorithm, one pass over the text's code
 * points instead of a translate, a regex and a bigram trick in Python:
 *   1. each code point gets its label from the label table (_terms._LABELS, a dict that
 *      computes what it lacks): " " for whitespace, 0 for junk, 1 for a character the
 *      shortcut does not cover, else the folded character; labels are cached here per code
 *      point below CACHE_SIZE, since they never change;
 *   2. the labels are cut into pieces as _terms._token() does: CJK runs (spaces allowed
 *      inside, a junk mark taken on either side when only spaces lie between), words and
 *      numbers;
 *   3. a CJK run becomes its bigrams, with an edge unigram only where a word or a number
 *      touches it; a lone CJK character is itself.
 * index_text(text, labels) returns the tokens joined by spaces, and columns(text, labels) the
 * tokens with their spans of the text (as _analyzer.analyze_columns: a label is one code point
 * per code point of the text, so a span in the labels is the span in the text); both return
 * None when a character is one the shortcut does not cover (the caller then takes the
 * analyzer's own path).
 *
 * Python's own code stays the definition: tests/test_index_terms.py checks this against the
 * token-by-token analyzer on the shared corpus and on generated text, and against the pure
 * Python path, which is used wherever this module could not be built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define JUNK 0u
#define OTHER 1u
#define CJK_FROM 0x1100u
#define CACHE_SIZE 0x30000u /* the BMP and the CJK extension planes 2 */

/* label + 1 per code point, 0 where not looked up yet */
static Py_UCS4 *cache = NULL;

enum kind { WORD, RUN };

typedef struct {
    enum kind kind;
    Py_ssize_t start, end; /* in the labels: a word's letters, a run's CJK and spaces */
    int lead_junk, trail_junk;
} Piece;

static int
label_of(PyObject *labels, Py_UCS4 code, Py_UCS4 *out)
{
    if (code < CACHE_SIZE && cache[code]) {
        *out = cache[code] - 1;
        return 0;
    }
    PyObject *key = PyLong_FromUnsignedLong(code);
    if (key == NULL)
        return -1;
    PyObject *value = PyObject_GetItem(labels, key);
    Py_DECREF(key);
    if (value == NULL)
        return -1;
    if (!PyUnicode_Check(value) || PyUnicode_GET_LENGTH(value) != 1) {
        Py_DECREF(value);
        PyErr_SetString(PyExc_ValueError, "a label must be one character");
        return -1;
    }
    *out = PyUnicode_READ_CHAR(value, 0);
    Py_DECREF(value);
    if (code < CACHE_SIZE)
        cache[code] = *out + 1;
    return 0;
}

static inline int is_cjk(Py_UCS4 c) { return c >= CJK_FROM; }
static inline int is_digit(Py_UCS4 c) { return c >= '0' && c <= '9'; }
static inline int is_letter(Py_UCS4 c)
{
    return c != JUNK && c != ' ' && !is_digit(c) && c < CJK_FROM;
}

/* Steps 1 and 2 for `text`: its labels (one per code point) and its pieces. Returns 1 when
 * done, 0 when a character is one the shortcut does not cover, -1 with an exception set. The
 * caller frees *label and *pieces in every case. */
static int
tokenize(PyObject *text, PyObject *labels, Py_UCS4 **label_out, Piece **pieces_out,
         Py_ssize_t *count_out)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 *label = *label_out = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_UCS4));
    Piece *pieces = *pieces_out = PyMem_Malloc((size_t)(n + 1) * sizeof(Piece)); /* "a1a1" */
    if (label == NULL || pieces == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (label_of(labels, PyUnicode_READ(kind, data, i), &label[i]) < 0)
            return -1;
        if (label[i] == OTHER)
            return 0;
    }
    Py_ssize_t count = 0, i = 0;
    while (i < n) {
        Py_UCS4 c = label[i];
        int lead = 0;
        if (c == JUNK) {
            Py_ssize_t j = i + 1;
            while (j < n && label[j] == ' ')
                j++;
            if (j < n && is_cjk(label[j])) {
                lead = 1;
                i = j;
                c = label[i];
            } else {
                i++;
                continue;
            }
        }
        if (is_cjk(c)) {
            Py_ssize_t j = i + 1;
            while (j < n && (is_cjk(label[j]) || label[j] == ' '))
                j++;
            int trail = j < n && label[j] == JUNK;
            pieces[count++] = (Piece){RUN, i, j, lead, trail};
            i = j + trail;
        } else if (c == ' ') {
            i++;
        } else if (is_digit(c)) {
            Py_ssize_t j = i + 1;
            while (j < n && is_digit(label[j]))
                j++;
            pieces[count++] = (Piece){WORD, i, j, 0, 0};
            i = j;
        } else {
            Py_ssize_t j = i + 1;
            while (j < n && is_letter(label[j]))
                j++;
            pieces[count++] = (Piece){WORD, i, j, 0, 0};
            i = j;
        }
    }
    *count_out = count;
    return 1;
}

/* Whether run k keeps its first (side 0) or last (side 1) character as a unigram: a word or
 * a number touches it there, with no junk between. */
static int
edge(const Piece *pieces, Py_ssize_t count, Py_ssize_t k, int side)
{
    if (side == 0)
        return !pieces[k].lead_junk && k > 0 && pieces[k - 1].kind == WORD;
    return !pieces[k].trail_junk && k + 1 < count && pieces[k + 1].kind == WORD;
}

static PyObject *
index_text(PyObject *module, PyObject *args)
{
    PyObject *text, *labels, *result = NULL;
    if (!PyArg_ParseTuple(args, "UO:index_text", &text, &labels))
        return NULL;
    Py_UCS4 *label = NULL, *out = NULL;
    Piece *pieces = NULL;
    Py_ssize_t count = 0;
    int found = tokenize(text, labels, &label, &pieces, &count);
    if (found <= 0) {
        result = found == 0 ? Py_NewRef(Py_None) : NULL;
        goto done;
    }
    /* step 3: a run's "A AB BC C" less the edges no word touches; at most 3 code points per
     * labelled one, plus the spaces between pieces */
    out = PyMem_Malloc((size_t)(3 * PyUnicode_GET_LENGTH(text) + count + 1) * sizeof(Py_UCS4));
    if (out == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t size = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        Piece *p = &pieces[k];
        if (k)
            out[size++] = ' ';
        if (p->kind == WORD) {
            for (Py_ssize_t j = p->start; j < p->end; j++)
                out[size++] = label[j];
            continue;
        }
        Py_UCS4 previous = 0;
        Py_ssize_t seen = 0;
        int left = edge(pieces, count, k, 0);
        for (Py_ssize_t j = p->start; j < p->end; j++) {
            Py_UCS4 c = label[j];
            if (c == ' ')
                continue;
            if (seen == 0) {
                if (left) {
                    out[size++] = c;
                    out[size++] = ' ';
                }
            } else {
                out[size++] = previous;
                out[size++] = c;
                out[size++] = ' ';
            }
            previous = c;
            seen++;
        }
        if (seen == 1) {
            if (left)
                size -= 2; /* a lone character is itself, once */
            out[size++] = previous;
        } else if (edge(pieces, count, k, 1)) {
            out[size++] = previous;
        } else {
            size--; /* the space after the last bigram */
        }
    }
    result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, size);

done:
    PyMem_Free(label);
    PyMem_Free(pieces);
    PyMem_Free(out);
    return result;
}

/* Append one token: its text (one or two code points) and its span of the original text. */
static int
add_token(PyObject *texts, PyObject *starts, PyObject *ends, const Py_UCS4 *chars,
          Py_ssize_t size, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *token = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, size);
    PyObject *left = PyLong_FromSsize_t(start), *right = PyLong_FromSsize_t(end);
    int failed = token == NULL || left == NULL || right == NULL
                 || PyList_Append(texts, token) < 0 || PyList_Append(starts, left) < 0
                 || PyList_Append(ends, right) < 0;
    Py_XDECREF(token);
    Py_XDECREF(left);
    Py_XDECREF(right);
    return failed ? -1 : 0;
}

static PyObject *
columns(PyObject *module, PyObject *args)
{
    PyObject *text, *labels, *result = NULL;
    if (!PyArg_ParseTuple(args, "UO:columns", &text, &labels))
        return NULL;
    Py_UCS4 *label = NULL;
    Py_ssize_t *where = NULL;
    Piece *pieces = NULL;
    Py_ssize_t count = 0;
    PyObject *texts = PyList_New(0), *starts = PyList_New(0), *ends = PyList_New(0);
    if (texts == NULL || starts == NULL || ends == NULL)
        goto done;
    int found = tokenize(text, labels, &label, &pieces, &count);
    if (found <= 0) {
        result = found == 0 ? Py_NewRef(Py_None) : NULL;
        goto done;
    }
    where = PyMem_Malloc((size_t)(PyUnicode_GET_LENGTH(text) + 1) * sizeof(Py_ssize_t));
    if (where == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        Piece *p = &pieces[k];
        if (p->kind == WORD) {
            if (add_token(texts, starts, ends, &label[p->start], p->end - p->start, p->start,
                          p->end) < 0)
                goto done;
            continue;
        }
        Py_ssize_t seen = 0; /* the run's CJK characters, by their place in the text */
        for (Py_ssize_t j = p->start; j < p->end; j++)
            if (label[j] != ' ')
                where[seen++] = j;
        if (seen == 1) {
            if (add_token(texts, starts, ends, &label[where[0]], 1, where[0], where[0] + 1) < 0)
                goto done;
            continue;
        }
        if (edge(pieces, count, k, 0)
            && add_token(texts, starts, ends, &label[where[0]], 1, where[0], where[0] + 1) < 0)
            goto done;
        for (Py_ssize_t j = 1; j < seen; j++) {
            Py_UCS4 pair[2] = {label[where[j - 1]], label[where[j]]};
            if (add_token(texts, starts, ends, pair, 2, where[j - 1], where[j] + 1) < 0)
                goto done;
        }
        Py_ssize_t last = where[seen - 1];
        if (edge(pieces, count, k, 1)
            && add_token(texts, starts, ends, &label[last], 1, last, last + 1) < 0)
            goto done;
    }
    result = PyTuple_Pack(3, texts, starts, ends);

done:
    Py_XDECREF(texts);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    PyMem_Free(label);
    PyMem_Free(pieces);
    PyMem_Free(where);
    return result;
}

static PyMethodDef methods[] = {
    {"index_text", index_text, METH_VARARGS,
     "index_text(text, labels) -> the analyzer's index tokens joined by spaces, or None"},
    {"columns", columns, METH_VARARGS,
     "columns(text, labels) -> (texts, starts, ends) of the analyzer's tokens, or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native_terms",
    "The analyzer's index path in C (see search/_terms.py).", -1, methods,
};

PyMODINIT_FUNC
PyInit__native_terms(void)
{
    cache = PyMem_Calloc(CACHE_SIZE, sizeof(Py_UCS4));
    if (cache == NULL)
        return PyErr_NoMemory();
    return PyModule_Create(&module);
}
