"""repo-tool: a versioned records repository for Hong Kong social-service units."""

__version__ = "0.1.0"
