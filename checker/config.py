"""Configuration, read from the environment in one place.

Every limit the pipeline uses lives here, so no magic number hides in a function.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _instance_secret(instance_dir: Path) -> str:
    """Read the secret key kept in the instance folder, creating it on first use."""
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


class Config:
    """Defaults, overridden by environment variables (see DESIGN.md, contract: configuration)."""

    CHECKER_DB = os.environ.get("CHECKER_DB", str(ROOT / "db" / "checker.db"))
    CHECKER_SOURCES = os.environ.get("CHECKER_SOURCES", str(PACKAGE_DIR / "sources.toml"))
    CHECKER_ALLOW_PRIVATE = _env_flag("CHECKER_ALLOW_PRIVATE")
    # SECRET_KEY comes from the environment, else from instance/secret_key (created once, mode 600).
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    INSTANCE_DIR = os.environ.get("CHECKER_INSTANCE", str(ROOT / "instance"))

    # SQLite
    DB_BUSY_TIMEOUT_MS = int(os.environ.get("CHECKER_BUSY_TIMEOUT_MS", "5000"))

    # Ingest limits
    MAX_ARTICLE_BYTES = int(os.environ.get("CHECKER_MAX_ARTICLE_BYTES", str(2 * 1024 * 1024)))
    INGEST_URL_TIMEOUT = (5.0, 20.0)  # connect, read (seconds)
    USER_AGENT = "ClaimTracker/0.1 (+https://github.com/claim-tracker/claim-tracker; fact-checking research)"

    # Claim extraction
    CHECKWORTHY_THRESHOLD = 0.5

    # Web
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = not _env_flag("CHECKER_DEV")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PAGE_SIZE = 50


def finalize(config: dict) -> None:
    """Fill in what depends on other settings (the secret key) once the app config is known."""
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret(Path(config["INSTANCE_DIR"]))
