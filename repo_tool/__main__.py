"""`python -m repo_tool` runs the command line."""

from repo_tool.cli import main

if __name__ == "__main__":
    main()
