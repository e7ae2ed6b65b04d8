"""The command line: one module per command of `python -m sangkien` (sangkien/__main__.py holds
only the parser and the dispatch). A command reads its options, declares itself the command line
(auth.as_command_line) and calls the layers below; no domain module holds a `cli()`.

May import: every layer. Nothing imports it but sangkien/__main__.py (and tests).
"""
