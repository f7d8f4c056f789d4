"""``python -m compare.cli``: the same as the ``compare`` script."""

from . import main

main()
