"""The ground floor: text tools every stage stands on. Imports nothing else of the project.

Modules, each one idea: ``chars`` (width folding, zero-width characters, the CJK class),
``sentences`` (where sentences end, and the named sets of marks), ``numerals`` (Chinese, Roman and
English number words), ``headings`` (the heading/ordinal grammar and title masks), ``numbers``
(the number/unit grammar: quantities with units, approximations, ranges), ``words`` (tokens and
the stamped word segmentation), ``vectors`` (TF-IDF vectors, cosine, text similarity).

Import from the module that holds a tool (``from compare.textkit.headings import mask_title``);
this package re-exports nothing, so loading one tool never loads the others.
"""

__all__: list[str] = []
