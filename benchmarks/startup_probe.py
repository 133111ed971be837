"""One headless start of an app, timed from process start; run by run.py in a subprocess.

    BENCH_T0=<parent's time.perf_counter() just before spawning> \\
        python benchmarks/startup_probe.py bare --result out.json
    python benchmarks/startup_probe.py myelin --library DIR --cache DIR --state DIR \\
        --result out.json [--wait-index] [--search "vitamin d"]

The clock is read as the very first statement, before any import, and
`BENCH_T0` is the parent's `time.perf_counter()` taken just before it started
this process (on Linux that clock is CLOCK_MONOTONIC, shared by all
processes), so `ready_s` covers interpreter start, imports and the app's own
start-up.

"Ready" means the first screen is up and takes keys:
- bare: a Header, one Static line and a Footer; Textual's Ready event (sent
  after the first screen's first layout), then one more refresh.
- myelin: the same Ready event, and the browse screen's article list is
  filled (`app.library.articles` non-empty and the list has options), then one
  more refresh. The search index is not waited for. The condition is checked
  on Ready and every 5 ms after it, so it is late by at most about 5 ms.

With `--wait-index` the probe then keeps running until the search engine is
ready (`app.engine` set) and records that time too; with `--search` it then
runs one search as the search screen does (limit 50, as you type) and records
peak memory after it. The result is a JSON object written to `--result`.
"""

import time

T_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
from pathlib import Path  # noqa: E402

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Footer, Header, Static  # noqa: E402

POLL = 0.005
RESULT: dict[str, object] = {}


def since_spawn() -> float:
    """Seconds since the parent spawned this process (or since the first statement)."""
    origin = float(os.environ.get("BENCH_T0", T_START))
    return time.perf_counter() - origin


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across
    fork and exec, so a child of a big process would report the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class BareApp(App[None]):
    """The baseline: what any Textual app costs to start on this machine."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("A bare Textual app: the start-up baseline.")
        yield Footer()

    def on_ready(self) -> None:
        self.call_after_refresh(self._done)

    def _done(self) -> None:
        RESULT.update(ready_s=since_spawn(), peak_rss_ready_mb=peak_rss_mb())
        self.exit()


def myelin_app(args: argparse.Namespace) -> App:
    """MyelinApp with probes; imported here so the bare run never imports Myelin."""
    import gc
    import sys

    gc.disable()  # as `run_app` starts it: the app collects again once its first frame is up
    from tui.app.app import MyelinApp

    # CSS_PATH is relative to the module that defines the class: keep it pointing at tui/app/.
    css = Path(sys.modules[MyelinApp.__module__].__file__).parent / MyelinApp.CSS_PATH

    class ProbeApp(MyelinApp):
        CSS_PATH = str(css)

        def on_ready(self) -> None:
            self._probe_ready = True
            self._check_ready()
            self.set_interval(POLL, self._poll)

        def _list_filled(self) -> bool:
            if not self.library.articles:
                return False
            try:
                listing = self.screen.query_one("#articles")
            except Exception:
                return False
            count = getattr(listing, "option_count", None)
            if count is None:
                count = len(getattr(listing, "articles", ()))
            return count > 0

        def _check_ready(self) -> None:
            pending = "ready_s" in RESULT or getattr(self, "_ready_pending", False)
            if not pending and self._list_filled():
                self._ready_pending = True
                self.call_after_refresh(self._record_ready)

        def _record_ready(self) -> None:
            RESULT.update(
                ready_s=since_spawn(),
                peak_rss_ready_mb=peak_rss_mb(),
                articles=len(self.library.articles),
            )
            if not args.wait_index:
                self.exit()

        def _poll(self) -> None:
            self._check_ready()
            waiting = "ready_s" in RESULT and args.wait_index and "index_ready_s" not in RESULT
            if waiting and self.engine is not None:
                RESULT["index_ready_s"] = since_spawn()
                RESULT["index_status"] = index_summary(self.engine)
                if args.search:
                    search_once(self.engine, args.search)
                RESULT["peak_rss_end_mb"] = peak_rss_mb()
                self.exit()

    app = ProbeApp(
        Path(args.library), state_dir=Path(args.state), cache_dir=Path(args.cache), blink=False
    )
    app.freeze_loaded = True  # as `run_app` runs it: the process is this app's alone
    return app


def index_summary(engine) -> dict[str, object]:
    status = engine.index.status
    return {
        "rebuilt": status.rebuilt,
        "added": status.added,
        "updated": status.updated,
        "deleted": status.deleted,
        "in_memory": status.in_memory,
        "messages": list(status.messages),
    }


def search_once(engine, text: str) -> None:
    """One search as the search screen runs it, timed."""
    started = time.perf_counter()
    results = engine.search(text, limit=50, as_you_type=True)
    RESULT.update(search_s=time.perf_counter() - started, search_hits=len(results.hits))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("app", choices=("bare", "myelin"))
    parser.add_argument("--result", required=True)
    parser.add_argument("--library")
    parser.add_argument("--cache")
    parser.add_argument("--state")
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--height", type=int, default=40)
    parser.add_argument("--wait-index", action="store_true")
    parser.add_argument("--search")
    args = parser.parse_args()
    RESULT["interpreter_s"] = T_START - float(os.environ.get("BENCH_T0", T_START))
    app = BareApp() if args.app == "bare" else myelin_app(args)
    app.run(headless=True, size=(args.width, args.height))
    RESULT["exit_s"] = since_spawn()
    RESULT.setdefault("peak_rss_end_mb", peak_rss_mb())
    Path(args.result).write_text(json.dumps(RESULT), encoding="utf-8")


if __name__ == "__main__":
    main()
