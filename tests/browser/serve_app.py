"""Runs the app on 127.0.0.1:PORT over DB_PATH (a killable server for browser tests)."""
from __future__ import annotations

import sys

from werkzeug.serving import make_server


def main(db_path: str, port: int) -> None:
    from webapp import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}"})
    server = make_server("127.0.0.1", port, app, threaded=True)  # SO_REUSEADDR: same port again
    print(f"serving on {port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
