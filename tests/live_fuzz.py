"""`make fuzz`, second half: Schemathesis against a live server, from the API's own OpenAPI description.

Builds the small seeded site the public tests use (tests/public_support.build_site) in a temporary folder,
serves it with Werkzeug on 127.0.0.1 (a free port, threaded), and runs `schemathesis run` on
/api/openapi.json with the checks below, examples per operation from CHECKER_FUZZ_API_EXAMPLES. The exit code
is Schemathesis'. Not a test module (pytest collects test_*.py only); Schemathesis is the optional `fuzz`
dependency group (`pip install -e '.[fuzz]'`), never needed by `make test`.
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.app import live_server  # noqa: E402
from tests.support.public import build_site  # noqa: E402

# What must hold for every generated request: no 5xx, only documented status codes and content types, answers
# that match their schemas, and invalid input refused with a 4xx.
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "negative_data_rejection", "unsupported_method")


def main() -> int:
    examples = os.environ.get("CHECKER_FUZZ_API_EXAMPLES", "300")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request would drown the report
    with tempfile.TemporaryDirectory(prefix="claim-tracker-fuzz-") as folder:
        app, _ = build_site(Path(folder))
        with live_server(app) as base:
            command = [sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/openapi.json",
                       "--checks", ",".join(CHECKS), "--max-examples", examples, "--workers", "2",
                       "--generation-database", "none", "--report-dir", str(Path(folder) / "report")]
            print("+", " ".join(command), file=sys.stderr)
            return subprocess.call(command, cwd=folder)


if __name__ == "__main__":
    sys.exit(main())
