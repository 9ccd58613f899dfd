"""The blog on disk: posts, index, front-matter rules, permalinks. Never imports Textual."""
