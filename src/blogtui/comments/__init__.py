"""Comments: models, backends, the offline store and sync. Never imports Textual."""
