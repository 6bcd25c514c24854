"""Entry point for `flask …` run from the repository root."""
from checker import create_app

app = create_app()
