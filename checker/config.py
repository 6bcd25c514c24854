"""Configuration, read from the environment in one place.

Every limit the pipeline uses lives here, so no magic number hides in a function.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
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
    # What is derived once from installed resources and kept between runs (the language model uncompressed,
    # the French-English lexicon): rebuilt whenever its sources change, safe to delete.
    CACHE_DIR = os.environ.get("CHECKER_CACHE_DIR") or str(Path(INSTANCE_DIR) / "cache")

    # SQLite
    DB_BUSY_TIMEOUT_MS = int(os.environ.get("CHECKER_BUSY_TIMEOUT_MS", "5000"))

    # Ingest limits
    MAX_ARTICLE_BYTES = int(os.environ.get("CHECKER_MAX_ARTICLE_BYTES", str(2 * 1024 * 1024)))
    INGEST_SNIFF_CHARS = 20_000  # characters read to tell text from a binary file, and to guess the language
    TITLE_MAX_CHARS = 90  # a title taken from the first sentence is cut at a word before this
    USER_AGENT = "ClaimTracker/0.1 (+https://github.com/claim-tracker/claim-tracker; fact-checking research)"

    # Claim extraction
    CHECKWORTHY_THRESHOLD = 0.5  # a claim is check-worthy from this rule score (languages the model does not know)
    # A sentence longer than this is read in parts of at most this many characters, cut at clause marks (a
    # table pasted as text, a phrase repeated with no full stop): each part is a claim, and says so in its
    # reasons. News sentences are a few hundred characters; the steps stay linear either way.
    SENTENCE_MAX_CHARS = max(int(os.environ.get("CHECKER_SENTENCE_MAX_CHARS", "2000")), 1)
    # Labelled and public data for training and measuring (`flask train`, benchmarks): read, never copied.
    DATA_DIR = os.environ.get("CHECKER_DATA", str(ROOT.parent / "shared" / "data"))
    # A link of an HTML article cites the sentence it sits in, or the one it follows within this many characters
    # in the same paragraph ("… a rapporté le Post (lien)"). checker/claims/links.py
    CITED_LINK_AFTER_CHARS = 40

    # Fetching sources (checker/sources/http.py): every politeness and safety limit in one place.
    FETCH_CONNECT_TIMEOUT = float(os.environ.get("CHECKER_FETCH_CONNECT_TIMEOUT", "5"))  # seconds
    FETCH_READ_TIMEOUT = float(os.environ.get("CHECKER_FETCH_READ_TIMEOUT", "20"))  # seconds between bytes
    FETCH_DEADLINE = float(os.environ.get("CHECKER_FETCH_DEADLINE", "60"))  # whole download, retries included
    FETCH_RETRIES = int(os.environ.get("CHECKER_FETCH_RETRIES", "3"))  # extra tries on 429/5xx/connection
    FETCH_BACKOFF = float(os.environ.get("CHECKER_FETCH_BACKOFF", "1"))  # first backoff; doubles, plus jitter
    FETCH_RETRY_AFTER_MAX = float(os.environ.get("CHECKER_FETCH_RETRY_AFTER_MAX", "30"))  # longest wait we accept
    FETCH_HOST_DELAY = float(os.environ.get("CHECKER_FETCH_HOST_DELAY", "1"))  # between two requests to one host
    FETCH_CRAWL_DELAY_MAX = float(os.environ.get("CHECKER_FETCH_CRAWL_DELAY_MAX", "60"))  # slower hosts are skipped
    FETCH_HOST_WORKERS = int(os.environ.get("CHECKER_FETCH_HOST_WORKERS", "4"))  # hosts fetched in parallel
    FETCH_MAX_BYTES = int(os.environ.get("CHECKER_FETCH_MAX_BYTES", str(20 * 1024 * 1024)))
    FETCH_MAX_REDIRECTS = int(os.environ.get("CHECKER_FETCH_MAX_REDIRECTS", "5"))
    FETCH_ROBOTS_TTL = float(os.environ.get("CHECKER_FETCH_ROBOTS_TTL", str(24 * 3600)))  # seconds
    FETCH_ROBOTS_MAX_BYTES = 512 * 1024
    # Discovery and scraping (checker/sources/discover.py, scrape.py)
    SCRAPE_TOP_N = int(os.environ.get("CHECKER_SCRAPE_TOP_N", "3"))  # candidates fetched per cited source
    SCRAPE_DAYS_BEFORE = int(os.environ.get("CHECKER_SCRAPE_DAYS_BEFORE", "10"))  # claim date window
    SCRAPE_DAYS_AFTER = int(os.environ.get("CHECKER_SCRAPE_DAYS_AFTER", "3"))
    SCRAPE_MIN_MATCH = float(os.environ.get("CHECKER_SCRAPE_MIN_MATCH", "0.3"))  # keep a document from here
    SCRAPE_MAX_SITEMAPS = 20  # child sitemaps read per sitemap index
    SCRAPE_CDX_LIMIT = 200  # capture-index rows read per domain
    # Sources the article only names (issue 15): searched for its check-worthy claims nobody cites, ranked by
    # title and summary before fetching; at most this many pages per article, and per host.
    SCRAPE_NAMED_MAX_PAGES = int(os.environ.get("CHECKER_SCRAPE_NAMED_MAX_PAGES", "6"))
    SCRAPE_NAMED_MAX_PER_HOST = int(os.environ.get("CHECKER_SCRAPE_NAMED_MAX_PER_HOST", "2"))
    # A named source's candidate is fetched from this match of its title and summary with a claim nobody cites,
    # and its page kept for the claim it speaks to most from this match of its text (both weighted by
    # discover.ClaimMatcher, which counts less the words the other claims say; chosen on our stand-in pages).
    SCRAPE_NAMED_MIN_RANK = float(os.environ.get("CHECKER_SCRAPE_NAMED_MIN_RANK", "0.05"))
    SCRAPE_NAMED_MIN_MATCH = float(os.environ.get("CHECKER_SCRAPE_NAMED_MIN_MATCH", "0.2"))
    # Feeds and sitemaps found at run time (robots.txt Sitemap: lines, the home page's feeds) are kept this long.
    SCRAPE_ENTRANCES_DAYS = int(os.environ.get("CHECKER_SCRAPE_ENTRANCES_DAYS", "7"))

    # Rechecking archived sources (checker/sources/recheck.py, `flask recheck`): pages are edited, corrected or
    # pulled after a claim was checked. `--due` fetches a page again once its last check is this old: daily for
    # the sources of articles whose claims reviewers have taken up (in review or with a verdict), weekly for
    # the others, at most RECHECK_MAX_PER_RUN pages a run (the longest unchecked first).
    RECHECK_REVIEWED_HOURS = float(os.environ.get("CHECKER_RECHECK_REVIEWED_HOURS", "24"))
    RECHECK_OTHER_HOURS = float(os.environ.get("CHECKER_RECHECK_OTHER_HOURS", str(7 * 24)))
    RECHECK_MAX_PER_RUN = int(os.environ.get("CHECKER_RECHECK_MAX_PER_RUN", "500"))
    RECHECK_DIFF_CONTEXT = 1  # unchanged sentences shown around each change in the reviewers' difference view

    # Extraction (checker/sources/extract.py), measured with benchmarks/extract.py
    # trafilatura's focus on the pages without a site adapter: "precision", "balanced" or "recall".
    EXTRACT_FOCUS = os.environ.get("CHECKER_EXTRACT_FOCUS", "precision")
    EXTRACT_INCLUDE_TABLES = os.environ.get("CHECKER_EXTRACT_TABLES", "1") != "0"  # tables are part of the text
    # "1" skips trafilatura's fallback comparison (readability, jusText): faster, and no worse on our pages, but
    # the fallback is what rescues a page whose layout the main extractor misreads, so it stays on by default.
    EXTRACT_FAST = _env_flag("CHECKER_EXTRACT_FAST")
    # JSON-LD articleBody, checked against the text trafilatura found (shares of words, counted with repeats):
    EXTRACT_LD_THIN_SHARE = 0.5  # trafilatura found less than this share of articleBody's words: use articleBody
    EXTRACT_LD_MIN_SUPPORT = 0.9  # else articleBody is used only when the found text holds this share of its words
    EXTRACT_LD_MIN_COVER = 0.4  # ... and it holds this share of the found text's words (less: cut short)
    EXTRACT_LD_LINE_SUPPORT = 0.8  # a found line belongs to the article when this share of its words is in articleBody
    EXTRACT_LD_ANCHOR_WORDS = 5  # ... and it has at least this many words (a short line finds its words anywhere)
    EXTRACT_TITLE_LINES = 3  # a line repeating the headline among the first ones found is dropped

    # Web
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = not _env_flag("CHECKER_DEV")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PAGE_SIZE = 50

    # The interface's language (checker/web/i18n.py): the `lang` cookie set by the language switch (DESIGN.md),
    # else the best of Accept-Language, else the default. Catalogues: checker/translations/<code>/.
    UI_LANGUAGES = ("en", "fr")
    UI_DEFAULT_LANGUAGE = os.environ.get("CHECKER_DEFAULT_LANGUAGE", "en")
    UI_LANGUAGE_COOKIE = "lang"
    UI_LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600  # seconds the switch's choice is remembered
    BABEL_DEFAULT_LOCALE = UI_DEFAULT_LANGUAGE
    BABEL_DEFAULT_TIMEZONE = "UTC"  # times are stored and shown in UTC

    # Reviewer workspace (checker/review/, checker/web/workspace.py)
    REVIEW_REQUIRE_SIGNOFF = _env_flag("CHECKER_REQUIRE_SIGNOFF")  # a verdict waits for a second reviewer
    REVIEW_LOGIN_LIMIT = os.environ.get("CHECKER_LOGIN_LIMIT", "10 per minute")  # failed logins per address
    REVIEW_MIN_PASSWORD_CHARS = 10
    REVIEW_MAX_NOTE_CHARS = 10_000
    REVIEW_MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a saved page given as evidence
    MAX_CONTENT_LENGTH = 21 * 1024 * 1024  # any request body: the upload plus its form
    RATELIMIT_STORAGE_URI = os.environ.get("CHECKER_RATELIMIT_STORAGE", "memory://")  # per process
    WTF_CSRF_TIME_LIMIT = 8 * 3600  # a form stays valid for a working day (seconds)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Reviewer sessions (checker/review/sessions.py): kept on the server, ended at logout, after this long
    # without a request, and this long after the login however busy. The signed cookie expires with them
    # (Flask's default would be 31 days).
    REVIEW_SESSION_IDLE = timedelta(minutes=int(os.environ.get("CHECKER_SESSION_IDLE_MINUTES", "60")))
    REVIEW_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("CHECKER_SESSION_MAX_HOURS", "12")))
    REVIEW_SESSION_TOUCH = timedelta(seconds=60)  # a session's last activity is written at most this often
    # "strong": a session cookie used from another address or browser ends that session (Flask-Login).
    SESSION_PROTECTION = "strong"

    # Evidence linking (checker/evidence/)
    LINK_THRESHOLD = float(os.environ.get("CHECKER_LINK_THRESHOLD", "0.36"))  # a link is kept from this score (benchmarks/crosslingual.py)
    LINK_MAX_PER_CLAIM = int(os.environ.get("CHECKER_LINK_MAX_PER_CLAIM", "5"))  # best links kept per claim
    LINK_CANDIDATES = int(os.environ.get("CHECKER_LINK_CANDIDATES", "100"))  # passages ranked by bm25 per claim (+ cited)
    # A key held by more than this share of the passages (and more than LINK_COMMON_KEY_MIN) finds nothing
    # useful ("Russia" in a war archive): it still counts in scores, but candidates are searched without it.
    LINK_COMMON_KEY_SHARE = 0.01
    LINK_COMMON_KEY_MIN = 200
    LINK_INDEX_BATCH = 500  # passages indexed per transaction
    LINK_SEARCH_KEYS = 32  # a claim's keys in its FTS5 query, rarest first
    LINK_TRANSLATION_SEARCH_KEYS = 8  # and of each machine translation's keys the claim lacks (more found nothing more)
    # The meaning signal: English claims and French claims' machine translations compared with English passages
    # by sentence vectors (checker.text.meaning, a model installed from PyPI); 0 turns it off, and without the
    # model installed linking goes on without it.
    LINK_MEANING = os.environ.get("CHECKER_LINK_MEANING", "1") != "0"
    # Debian's FreeDict French-English and English-French dictd files (dict-freedict-fra-eng, -eng-fra); when
    # absent, linking uses cognates, names, numbers and CLDR names alone.
    LINK_DICTD_DIR = os.environ.get("CHECKER_DICTD_DIR", "/usr/share/dictd")
    # Debian's Apertium pairs read through a pivot language (apertium-fr-es + apertium-eng-spa, apertium-eo-fr +
    # apertium-eo-en, apertium-fra-cat + apertium-eng-cat, with lttoolbox's lt-proc); optional like FreeDict.
    LINK_APERTIUM_DIR = os.environ.get("CHECKER_APERTIUM_DIR", "/usr/share/apertium")
    # French claims are also machine-translated into English by those pairs (the `apertium` command), and
    # compared with English passages through the translation too (checker.text.translate); 0 turns it off.
    LINK_TRANSLATE = os.environ.get("CHECKER_LINK_TRANSLATE", "1") != "0"
    LINK_TRANSLATE_TIMEOUT = 120.0  # seconds one pivot may take for one article's claims

    # The same claim in other articles (checker/evidence/appearances.py), calibrated by benchmarks/appearances.py
    APPEARANCE_THRESHOLD = float(os.environ.get("CHECKER_APPEARANCE_THRESHOLD", "0.36"))  # the same claim from this score
    APPEARANCE_CANDIDATES = int(os.environ.get("CHECKER_APPEARANCE_CANDIDATES", "50"))  # claims ranked by bm25 per claim
    APPEARANCE_MAX_PER_CLAIM = int(os.environ.get("CHECKER_APPEARANCE_MAX_PER_CLAIM", "20"))  # kept per matching run
    # Keys are weighed by their rarity among at least this many claims: in a young tracker every key is rare,
    # and the words two claims share are not common just because the tracker holds little else.
    APPEARANCE_MIN_COLLECTION = 1000
    APPEARANCE_INDEX_BATCH = 500  # claims indexed per transaction

    # Public pages and open data (checker/public/, checker/web/pages.py, checker/web/api.py)
    PUBLIC_ORG_NAME = os.environ.get("CHECKER_ORG_NAME", "Claim Tracker")  # ClaimReview author, feed author
    PUBLIC_ORG_URL = os.environ.get("CHECKER_ORG_URL", "")  # the organisation's home page, when it has one
    # Absolute URLs (ClaimReview url, feed, CSV) start here; empty: the address the request came to.
    PUBLIC_BASE_URL = os.environ.get("CHECKER_BASE_URL", "")
    PUBLIC_MAX_AGE = int(os.environ.get("CHECKER_PUBLIC_MAX_AGE", "60"))  # seconds browsers and CDNs may reuse a page
    PUBLIC_PAGE_SIZE = 50  # claims or articles per index page
    PUBLIC_API_MAX_LIMIT = 200  # largest ?limit= of an API list
    PUBLIC_FEED_SIZE = 50  # newest verdicts in /feed.atom
    PUBLIC_SEARCH_MAX_CHARS = 200  # longest ?q=
    PUBLIC_SEARCH_PAGE_SIZE = 20
    PUBLIC_SEARCH_MAX_PAGE = 50
    # A scorecard draws one bar per month up to this many months, else one per year (checker/public/charts.py).
    PUBLIC_CHART_MAX_BARS = 36
    # Answer an anonymous reader of a claim page before Flask runs (checker/web/caching.py, EarlyAnswers): 304
    # when the reader's copy is current, else the page this process rendered for the claim's current state.
    PUBLIC_EARLY_ANSWERS = os.environ.get("CHECKER_EARLY_ANSWERS", "1") != "0"
    PUBLIC_RENDER_CACHE = int(os.environ.get("CHECKER_RENDER_CACHE", "2048"))  # rendered pages kept per process


def finalize(config: dict) -> None:
    """Fill in what depends on other settings (the secret key, the cookie's lifetime) once the app config is known."""
    config["PERMANENT_SESSION_LIFETIME"] = config["REVIEW_SESSION_LIFETIME"]
    if config["UI_DEFAULT_LANGUAGE"] not in config["UI_LANGUAGES"]:
        raise ValueError(f"CHECKER_DEFAULT_LANGUAGE must be one of {', '.join(config['UI_LANGUAGES'])}")
    config["BABEL_DEFAULT_LOCALE"] = config["UI_DEFAULT_LANGUAGE"]
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret(Path(config["INSTANCE_DIR"]))
