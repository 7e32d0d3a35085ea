"""`python -m index build | add | remove | relabel | list | info`: the command line for the library folder.
The library's code is rag/library/ (installed with the package); this folder only keeps the command short."""
