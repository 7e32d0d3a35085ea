"""`python -m index`: the library folder's command line (the code is rag/library/cli.py)."""
import sys

from rag.library.cli import main

if __name__ == "__main__":
    sys.exit(main())
