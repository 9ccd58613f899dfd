"""Layout of markdown-it tokens into terminal lines for the post view (no widgets here).

``builder`` turns tokens into width-independent ``Block`` objects (plain text + style runs +
links); ``blocks`` wraps them for a width; ``styles`` names the styles the widget resolves against
its component classes. Text from posts only ever becomes plain strings: nothing here parses markup.
"""
