"""Words of signing in and of what an account may see."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "sign_in": ("登入", "Sign in"),
    "sign_out": ("登出", "Sign out"),
    "account_name": ("帳戶名稱", "Account name"),
    "password": ("密碼", "Password"),
    "sign_in_refused": ("帳戶名稱或密碼不正確，或帳戶已停用或到期",
                        "The name or password is wrong, or the account is disabled or expired"),
    "sign_in_needed": ("請先登入", "Please sign in first"),
    "not_yours": ("你的帳戶無權查看或更改此項目", "Your account may not see or change this"),
}
