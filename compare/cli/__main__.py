"""``python -m compare.cli``: the same as the ``compare`` script."""

from compare.cli import main

main()
