"""guidekit against its peers, side by side on one machine: `make bench` (see bench/README.md).

    python bench/run.py                      N = 50 and 200, median of 3 runs
    python bench/run.py --quick              N = 50, one run of each
    python bench/run.py --sizes 50,200,1000  add the linear-growth / memory point
    python bench/run.py --profile            also profile `guidekit build` at the largest N

Every measured command runs in its own process; its wall time, the peak RSS of its largest
process (wait4 rusage) and the peak summed RSS of its whole process tree (sampled from /proc
every 0.1 s) are recorded. The corpus, the configs and all logs live in a temporary directory
under /tmp (world-readable: linkchecker drops to `nobody` when started as root).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus

BIN = Path(sys.executable).parent
PAGE = os.sysconf("SC_PAGE_SIZE")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

TARGETS_TEXT = {
    "build_vs_static_i18n": "guidekit build <= 0.5x mkdocs-static-i18n",
    "build_vs_plain": "guidekit build <= 1.1x four plain mkdocs builds",
    "linkcheck_speedup": "guidekit linkcheck >= 20x faster than linkchecker+AnchorCheck",
    "update_vs_babel": "extract+update <= 0.5x naive Babel update",
    "linear_growth": "cost grows linearly with guides x languages",
    "memory": "peak memory < 1 GB at N=1000",
    "preview": "save -> reloaded page < 0.5 s in guidekit serve (N=50)",
    "build_cpu_vs_plain": "guidekit build CPU <= 1.15x four plain mkdocs builds' CPU",
}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- measuring

def _tree_rss(root_pid: int) -> int:
    """Summed RSS (bytes) of root_pid and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
            with open(f"/proc/{entry.name}/statm", "rb") as fh:
                pages = int(fh.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        fields = stat[stat.rindex(b")") + 2:].split()
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = pages * PAGE
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def run_measured(cmd: list[str], cwd: Path, logfile: Path, timeout: float | None = None,
                 env: dict[str, str] | None = None) -> dict:
    """Run cmd in its own process group; time, largest-process maxrss, process-tree peak RSS."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with logfile.open("ab") as out:
        out.write(f"$ {' '.join(map(str, cmd))}\n".encode())
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env or ENV, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                peak[0] = max(peak[0], _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        killed = [False]

        def kill() -> None:
            killed[0] = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if timer:
            timer.cancel()
        done.set()
        sampler.join()
    return {"seconds": round(seconds, 3), "rc": proc.returncode, "timed_out": killed[0],
            # CPU time of the whole tree (children that were waited for are included): less
            # sensitive than wall time to other work on a shared machine
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
            "maxrss_mb": round(usage.ru_maxrss / 1024, 1),
            "tree_peak_mb": round(max(peak[0], usage.ru_maxrss * 1024) / 2**20, 1)}


def summarise(name: str, runs: list[dict], note: str = "") -> dict:
    ok = [r for r in runs if r["rc"] == 0 and not r["timed_out"]]
    use = ok or runs
    result = {
        "name": name,
        "runs": runs,
        "median_s": round(statistics.median(r["seconds"] for r in use), 3) if use else None,
        "median_cpu_s": round(statistics.median(r["cpu_s"] for r in use), 3) if use else None,
        "maxrss_mb": max((r["maxrss_mb"] for r in use), default=None),
        "tree_peak_mb": max((r["tree_peak_mb"] for r in use), default=None),
        "ok": bool(ok) and len(ok) == len(runs),
        "note": note,
    }
    if any(r["timed_out"] for r in runs):
        result["note"] = (note + " " if note else "") + "timed out: time is a lower bound"
    return result


def combine(parts: list[dict]) -> dict:
    """Several commands run one after the other, counted as one step."""
    return {"seconds": round(sum(p["seconds"] for p in parts), 3),
            "cpu_s": round(sum(p["cpu_s"] for p in parts), 3),
            "rc": next((p["rc"] for p in parts if p["rc"]), 0),
            "timed_out": any(p["timed_out"] for p in parts),
            "maxrss_mb": max(p["maxrss_mb"] for p in parts),
            "tree_peak_mb": max(p["tree_peak_mb"] for p in parts),
            "parts": [p["seconds"] for p in parts]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def has_command(name: str) -> bool:
    probe = subprocess.run([BIN / "guidekit", name, "--help"], capture_output=True, text=True,
                           env=ENV, check=False)
    return probe.returncode == 0


def command_help(name: str) -> str:
    return subprocess.run([BIN / "guidekit", name, "--help"], capture_output=True, text=True,
                          env=ENV, check=False).stdout


# --------------------------------------------------------------------------- one size

class SizeBench:
    def __init__(self, n: int, root: Path, args: argparse.Namespace):
        self.n = n
        self.root = root
        self.args = args
        self.gk = root / "gk"
        self.logs = root / "logs"
        self.port = free_port()
        self.results: dict[str, dict] = {}
        self.info: dict = {}

    def timeout(self) -> float:
        return self.args.timeout

    # -- setup (not measured)

    def setup(self) -> None:
        log(f"N={self.n}: writing corpus in {self.root}")
        self.info = corpus.write_corpus(self.root, self.n, REPO, f"http://127.0.0.1:{self.port}/")
        self.info["has_extract"] = has_command("extract") and has_command("update")
        self.info["has_linkcheck"] = has_command("linkcheck")
        if self.info["has_extract"]:
            for step in ("extract", "update"):
                r = run_measured([BIN / "guidekit", step], self.gk, self.logs / "setup.log",
                                 self.timeout())
                if r["rc"] not in (0, 1):
                    raise SystemExit(f"guidekit {step} failed during setup; see {self.logs}/setup.log")
            created = corpus.ensure_catalogues(self.gk / "locales")
            filled = corpus.fill_catalogues(self.gk / "locales")
            self.info["catalogue_messages_filled"] = filled
            self.info["catalogues_created_by_bench"] = created
            log(f"N={self.n}: {filled} messages pseudo-translated ({created} PO files created by bench)")
        else:
            log(f"N={self.n}: guidekit has no extract/update yet: pages build as English fallbacks")
        self.state0 = self.root / "state0"
        for part in ("guides", "locales"):
            if (self.gk / part).exists():
                shutil.copytree(self.gk / part, self.state0 / part, dirs_exist_ok=True)

    def restore(self) -> None:
        for part in ("guides", "locales"):
            if (self.gk / part).exists():
                shutil.rmtree(self.gk / part)
            if (self.state0 / part).exists():
                shutil.copytree(self.state0 / part, self.gk / part)

    # -- measurements

    def repeat(self, name: str, once, runs: int | None = None, note: str = "") -> dict:
        runs = runs or self.args.runs
        got = []
        for i in range(runs):
            r = once()
            got.append(r)
            log(f"N={self.n}: {name} run {i + 1}/{runs}: {r['seconds']:.2f}s rc={r['rc']} "
                f"peak {r['tree_peak_mb']:.0f} MB")
        result = summarise(name, got, note)
        self.results[name] = result
        return result

    def rounds(self, steps: dict, runs: int | None = None) -> None:
        """Run each step once per round, round after round (A B C A B C ...), so that a burst
        of other work on the machine hits every contender alike rather than one of them."""
        runs = runs or self.args.runs
        got: dict[str, list[dict]] = {name: [] for name in steps}
        for i in range(runs):
            for name, once in steps.items():
                r = once()
                got[name].append(r)
                log(f"N={self.n}: {name} run {i + 1}/{runs}: {r['seconds']:.2f}s rc={r['rc']} "
                    f"peak {r['tree_peak_mb']:.0f} MB")
        for name, runs_ in got.items():
            self.results[name] = summarise(name, runs_)

    def guidekit_build(self, jobs: int | None = None) -> dict:
        site = self.gk / "site"
        shutil.rmtree(site, ignore_errors=True)
        cmd = [BIN / "guidekit", "build"] + (["-j", str(jobs)] if jobs else [])
        return run_measured(cmd, self.gk, self.logs / f"guidekit-build-j{jobs or 'auto'}.log",
                            self.timeout())

    def static_i18n(self) -> dict:
        shutil.rmtree(self.root / "i18n" / "site", ignore_errors=True)
        return run_measured([BIN / "mkdocs", "build", "-q", "-f", "mkdocs.yml"], self.root / "i18n",
                            self.logs / "static-i18n.log", self.timeout())

    def plain(self, parallel: int) -> dict:
        urls = [corpus.LANGS[lang][0] for lang in corpus.LANGS]

        def one(url: str) -> dict:
            shutil.rmtree(self.root / "plain" / url / "site", ignore_errors=True)
            return run_measured([BIN / "mkdocs", "build", "-q", "-f", "mkdocs.yml"],
                                self.root / "plain" / url, self.logs / f"plain-{url}.log",
                                self.timeout())

        started = time.perf_counter()
        if parallel <= 1:
            parts = [one(u) for u in urls]
        else:
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(parallel) as pool:
                parts = list(pool.map(one, urls))
        wall = time.perf_counter() - started
        result = combine(parts)
        result["seconds"] = round(wall, 3)
        # parallel processes are alive together: their peaks add up (an upper bound)
        if parallel > 1:
            peaks = sorted((p["tree_peak_mb"] for p in parts), reverse=True)
            result["tree_peak_mb"] = round(sum(peaks[:parallel]), 1)
        return result

    def extract_update(self, edited: bool) -> dict:
        self.restore()
        if edited:
            corpus.edit_guides(self.gk / "guides")
        parts = [run_measured([BIN / "guidekit", step], self.gk, self.logs / "extract-update.log",
                              self.timeout()) for step in ("extract", "update")]
        for p in parts:  # exit 1 = problems reported (e.g. fuzzy entries after an edit): it ran
            if p["rc"] == 1:
                p["rc"] = 0
        if edited:
            self.edited_templates = self.root / "templates-edited"
            shutil.rmtree(self.edited_templates, ignore_errors=True)
            shutil.copytree(self.gk / "locales" / "templates", self.edited_templates)
        return combine(parts)

    def naive_babel(self, edited: bool) -> dict:
        self.restore()
        if edited:
            shutil.rmtree(self.gk / "locales" / "templates")
            shutil.copytree(self.edited_templates, self.gk / "locales" / "templates")
        return run_measured([sys.executable, HERE / "naive_babel.py", self.gk / "locales",
                             *corpus.TARGETS], self.gk, self.logs / "naive-babel.log",
                            self.timeout())

    def guidekit_linkcheck(self) -> dict:
        cmd = [BIN / "guidekit", "linkcheck"]
        if "--site-dir" in command_help("linkcheck"):
            cmd += ["--site-dir", str(self.gk / "site")]
        r = run_measured(cmd, self.gk, self.logs / "guidekit-linkcheck.log", self.timeout())
        if r["rc"] == 1:  # problems found is a completed check
            r["problems_found"] = True
            r["rc"] = 0
        return r

    def linkchecker(self, anchors: bool, timeout: float) -> dict:
        rc = self.root / ("linkcheckerrc-anchors" if anchors else "linkcheckerrc")
        rc.write_text(
            "[checking]\n"
            "threads=10\n"
            "maxrequestspersecond=1000\n"
            "[filtering]\n"
            "checkextern=0\n"
            "[output]\n"
            "status=0\n"
            + ("[AnchorCheck]\n" if anchors else ""), encoding="utf-8")
        rc.chmod(0o644)
        logfile = self.logs / f"linkchecker{'-anchors' if anchors else ''}.log"
        r = run_measured([BIN / "linkchecker", "-f", rc, "--no-status",
                          f"http://127.0.0.1:{self.www_port}/"], self.root, logfile, timeout)
        text = logfile.read_text(encoding="utf-8", errors="replace")
        m = list(re.finditer(r"(\d+) links? in (\d+) URLs? checked\. (\d+) warnings? found"
                             r"(?:.*?)\. (\d+) errors? found", text))
        if m:
            links, urls, warnings, errors = (int(x) for x in m[-1].groups())
            r.update(links=links, urls=urls, warnings=warnings, errors=errors)
            if r["rc"] == 1 and not r["timed_out"]:
                r["rc"] = 0  # linkchecker exits 1 when it found problems: it ran to the end
        return r

    def start_www(self) -> subprocess.Popen:
        self.www_port = free_port()
        proc = subprocess.Popen([sys.executable, HERE / "httpserve.py", self.gk / "site",
                                 str(self.www_port)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        wait_http(f"http://127.0.0.1:{self.www_port}/", 20)
        return proc

    def run(self) -> dict:
        a = self.args
        skip = set(a.skip)
        load_before = [round(x, 2) for x in os.getloadavg()]
        self.setup()
        self.info["loadavg_before"] = load_before
        if "build" not in skip:
            cpus = os.cpu_count() or 1
            steps = {
                "guidekit build": lambda: self.guidekit_build(),
                "guidekit build -j1": lambda: self.guidekit_build(1),
                "mkdocs-static-i18n": self.static_i18n,
                "4 plain builds, sequential": lambda: self.plain(1),
                f"4 plain builds, {cpus} at once": lambda: self.plain(cpus),
            }
            if not a.serial:  # -j1 against sequential plain builds: the same cores, slower
                del steps["guidekit build -j1"]
            self.rounds(steps)
            self.info["site_html_pages"] = sum(1 for _ in (self.gk / "site").rglob("*.html"))
        else:
            self.guidekit_build()
        if "update" not in skip and self.info["has_extract"]:
            # the edited-templates of the guidekit run feed the Babel run: keep this order
            self.rounds({
                "extract+update, no change": lambda: self.extract_update(False),
                "naive Babel update, no change": lambda: self.naive_babel(False),
                "extract+update, after edits": lambda: self.extract_update(True),
                "naive Babel update, after edits": lambda: self.naive_babel(True),
            })
            self.restore()
        if "linkcheck" not in skip:
            if not (self.gk / "site" / "index.html").exists():
                self.guidekit_build()
            if self.info["has_linkcheck"]:
                self.repeat("guidekit linkcheck", self.guidekit_linkcheck)
            www = self.start_www()
            try:
                self.repeat("linkchecker", lambda: self.linkchecker(False, a.linkchecker_timeout),
                            runs=a.linkchecker_runs)
                if "anchors" not in skip:
                    self.repeat("linkchecker+AnchorCheck",
                                lambda: self.linkchecker(True, a.linkchecker_timeout),
                                runs=a.linkchecker_runs)
            finally:
                os.killpg(www.pid, signal.SIGTERM)
                www.wait()
        # Other work on the machine skews the numbers: keep the evidence with them.
        self.info["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
        return {"n": self.n, "corpus": self.info, "results": self.results}


def wait_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(url)


# --------------------------------------------------------------------------- serve

def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def bench_serve(sb: SizeBench, repeats: int) -> dict:
    """Time from saving a PO file (ms) / a guide (en) to the served page showing the change,
    with `guidekit serve`'s default rebuild and, where it has one, with `--full`."""
    sb.restore()
    guide = min((sb.gk / "guides").rglob("g0000-*.md"))
    rel = guide.relative_to(sb.gk / "guides").as_posix()
    result: dict = {"n": sb.n, "page": rel[:-3] + "/"}
    po = sb.gk / "locales" / "ms" / "LC_MESSAGES" / (rel[:-3] + ".po")
    variants = [("ms", po, []), ("en", guide, [])]
    if "--full" in command_help("serve"):
        variants += [("ms", po, ["--full"]), ("en", guide, ["--full"])]
    for lang, edited, extra in variants:
        key = lang + "".join(f" {x}" for x in extra)
        try:
            result[key] = _serve_one(sb, lang, result["page"], edited, repeats, extra)
        except Exception as exc:  # noqa: BLE001 - one broken preview must not lose the other's numbers
            result[key] = {"error": repr(exc)}
            log(f"serve {key} failed: {exc!r}")
        finally:
            sb.restore()
    return result


def _serve_one(sb: SizeBench, lang: str, page: str, edited: Path, repeats: int,
               extra: list[str]) -> dict:
    url = corpus.LANGS[lang][0]
    port = free_port()
    logfile = sb.logs / f"serve-{lang}{''.join(extra)}.log"
    started = time.perf_counter()
    with logfile.open("wb") as out:
        proc = subprocess.Popen([BIN / "guidekit", "serve", "-l", lang, "-a", f"127.0.0.1:{port}", *extra],
                                cwd=sb.gk, env=ENV, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    target = f"http://127.0.0.1:{port}/{url}/{page}"
    try:
        deadline = time.monotonic() + 300
        while "</html>" not in fetch(target):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"guidekit serve did not come up; see {logfile}")
            time.sleep(0.1)
        first = time.perf_counter() - started
        original = edited.read_text(encoding="utf-8")
        html = fetch(target)
        times = []
        for i in range(repeats):
            # letters only: a digit would be a changed number, which QA refuses to show
            marker = f"Benchmarkmarker{'abcdefghijklmnopqrstuvwxyz'[i % 26]}"
            text, ok = _mark(original, marker, lang, html)
            if not ok:
                raise RuntimeError(f"found no text of {edited.name} on {target}")
            time.sleep(1.0)  # let the previous rebuild settle
            t0 = time.perf_counter()
            edited.write_text(text, encoding="utf-8")
            deadline = time.monotonic() + 120
            while marker not in fetch(target):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the change never showed up; see {logfile}")
                time.sleep(0.02)
            times.append(round(time.perf_counter() - t0, 3))
            log(f"serve {lang} {' '.join(extra)}: save {edited.suffix} -> served page {times[-1]:.2f}s")
        edited.write_text(original, encoding="utf-8")
        return {"first_build_s": round(first, 2), "save_to_page_s": times,
                "median_s": statistics.median(times), "edited": edited.relative_to(sb.gk).as_posix()}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _mark(original: str, marker: str, lang: str, html: str) -> tuple[str, bool]:
    if lang == "ms":
        # the first non-empty msgstr of a paragraph-sized message whose text is on the page
        for m in re.finditer(r'^msgstr "(.{40,}?)"$', original, re.MULTILINE):
            if m.group(1)[:20] in html:
                start = m.start(1)
                return original[:start] + marker + " " + original[start:], True
        return original, False
    for m in re.finditer(r"^([A-Z][^\n]{40,})$", original, re.MULTILINE):
        if m.group(1)[:20] in html and not m.group(1).startswith(("title", "description")):
            return original[:m.start(1)] + marker + " " + original[m.start(1):], True
    return original, False


# --------------------------------------------------------------------------- profile

def profile_build(sb: SizeBench, out_dir: Path) -> dict:
    """pyinstrument over one language's build in one process, plus cProfile for exact totals."""
    sb.restore()
    out_dir.mkdir(parents=True, exist_ok=True)
    text = out_dir / f"profile-build-ms-n{sb.n}.txt"
    r = run_measured([sys.executable, "-m", "pyinstrument", "-r", "text",
                      "-o", text, "-m", "guidekit.cli", "build", "-l", "ms", "-j", "1"],
                     sb.gk, sb.logs / "profile.log", sb.timeout())
    stats = sb.root / "build.pstats"
    run_measured([sys.executable, "-m", "cProfile", "-o", stats, "-m", "guidekit.cli", "build",
                  "-l", "ms", "-j", "1"], sb.gk, sb.logs / "profile.log", sb.timeout())
    import pstats
    st = pstats.Stats(str(stats))
    total = st.total_tt
    rows = []
    for (file, line, func), (cc, nc, tt, ct, callers) in st.stats.items():
        if "/guidekit/" in file and "/bench/" not in file:
            rows.append({"function": f"{Path(file).name}:{line}:{func}", "calls": nc,
                         "self_s": round(tt, 3), "cumulative_s": round(ct, 3)})
    rows.sort(key=lambda x: -x["cumulative_s"])
    ext = []
    for (file, line, func), (cc, nc, tt, ct, callers) in st.stats.items():
        ext.append({"function": f"{'/'.join(Path(file).parts[-2:])}:{line}:{func}", "calls": nc,
                    "self_s": round(tt, 3), "cumulative_s": round(ct, 3)})
    ext.sort(key=lambda x: -x["self_s"])
    summary = {"n": sb.n, "locale": "ms", "seconds_pyinstrument_run": r["seconds"],
               "cprofile_total_s": round(total, 3), "pyinstrument_text": text.name,
               "guidekit_functions_by_cumulative": rows[:25], "top_self_time": ext[:25]}
    (out_dir / f"profile-build-ms-n{sb.n}.json").write_text(json.dumps(summary, indent=1))
    return summary


# --------------------------------------------------------------------------- report

def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, AttributeError):
        pass
    versions = {}
    from importlib import metadata
    for dist in ("guidekit", "mkdocs", "mkdocs-material", "mkdocs-static-i18n", "babel",
                 "linkchecker", "markdown-it-py"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "tools"], cwd=REPO,
                           capture_output=True, text=True, check=False).stdout.strip()
    if dirty:  # the benchmark measured uncommitted code: say so next to the numbers
        commit += " + uncommitted changes in tools/"
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem,
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": versions, "commit": commit}


def med(size: dict, name: str) -> float | None:
    r = size["results"].get(name)
    return r["median_s"] if r and r.get("ok") else None


def cpu(size: dict, name: str) -> float | None:
    """Median CPU seconds of the whole process tree: what other work on a shared machine
    disturbs least, so the ratios of issue #17 are taken on it."""
    r = size["results"].get(name)
    return r["median_cpu_s"] if r and r.get("ok") else None


def verdicts(report: dict) -> list[dict]:
    out = []
    sizes = report["sizes"]
    ncpu = os.cpu_count() or 1
    for s in sizes:
        n = s["n"]
        gk, gk1 = med(s, "guidekit build"), med(s, "guidekit build -j1")
        peer = med(s, "mkdocs-static-i18n")
        seq, par = med(s, "4 plain builds, sequential"), med(s, f"4 plain builds, {ncpu} at once")

        def add(target, label, value, goal, met, n=n):
            out.append({"target": target, "n": n, "measure": label,
                        "value": None if value is None else round(value, 3), "goal": goal,
                        "met": met if value is not None else None})

        if gk and peer:
            add("build_vs_static_i18n", "guidekit build / static-i18n", gk / peer, "<= 0.5",
                gk / peer <= 0.5)
        if gk1 and seq:
            add("build_vs_plain", "guidekit -j1 / 4 plain sequential", gk1 / seq, "<= 1.1",
                gk1 / seq <= 1.1)
        if gk and par:
            add("build_vs_plain", f"guidekit / 4 plain, {ncpu} at once", gk / par, "<= 1.1",
                gk / par <= 1.1)
        if gk and seq:
            add("build_vs_plain", "guidekit / 4 plain sequential", gk / seq, "<= 1.1",
                gk / seq <= 1.1)
        gk_cpu, plain_cpu = cpu(s, "guidekit build"), cpu(s, "4 plain builds, sequential")
        if gk_cpu and plain_cpu:
            add("build_cpu_vs_plain", "guidekit build CPU / 4 plain builds' CPU", gk_cpu / plain_cpu,
                "<= 1.15", gk_cpu / plain_cpu <= 1.15)
        lc, plainlc = med(s, "guidekit linkcheck"), med(s, "linkchecker")
        anc_r = s["results"].get("linkchecker+AnchorCheck")
        if lc and anc_r and anc_r.get("median_s"):
            v = anc_r["median_s"] / lc
            add("linkcheck_speedup", "linkchecker+AnchorCheck / guidekit linkcheck", v, ">= 20",
                v >= 20)
        if lc and plainlc:
            add("linkcheck_speedup", "linkchecker (no anchors) / guidekit linkcheck", plainlc / lc,
                "(info)", None)
        for scen in ("no change", "after edits"):
            g, b = med(s, f"extract+update, {scen}"), med(s, f"naive Babel update, {scen}")
            if g and b:
                add("update_vs_babel", f"extract+update / naive Babel ({scen})", g / b, "<= 0.5",
                    g / b <= 0.5)
            g, b = cpu(s, f"extract+update, {scen}"), cpu(s, f"naive Babel update, {scen}")
            if g and b:
                add("update_vs_babel", f"extract+update CPU / naive Babel CPU ({scen})", g / b,
                    "<= 0.5", g / b <= 0.5)
        lc_peak = s["results"].get("guidekit linkcheck", {}).get("tree_peak_mb")
        if lc_peak is not None:
            add("memory", "guidekit linkcheck, peak MB", lc_peak, "< 500", lc_peak < 500)
        peak = s["results"].get("guidekit build", {}).get("tree_peak_mb")
        if peak is not None:
            add("memory", "guidekit build, process-tree peak MB", peak, "< 1024 (at N=1000)",
                peak < 1024)
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        scale = big["n"] / small["n"]
        for name in ("guidekit build", "guidekit build -j1", "mkdocs-static-i18n",
                     "4 plain builds, sequential", "extract+update, after edits",
                     "guidekit linkcheck", "linkchecker+AnchorCheck"):
            a, b = cpu(small, name), cpu(big, name)
            if a and b:
                growth = (b / a) / scale
                goal = 1.2 if name == "guidekit linkcheck" else 1.1
                out.append({"target": "linear_growth", "n": f"{small['n']}->{big['n']}",
                            "measure": f"{name}: CPU (t{big['n']}/t{small['n']}) / {scale:g}",
                            "value": round(growth, 3), "goal": f"<= {goal} (1 = linear)",
                            "met": growth <= goal})
    serve = report.get("serve") or {}
    for key, r in serve.items():
        if isinstance(r, dict) and "median_s" in r:
            what = "PO" if key.startswith("ms") else "guide"
            out.append({"target": "preview", "n": serve.get("n"),
                        "measure": f"serve -l {key}: save {what} -> page",
                        "value": r["median_s"], "goal": "< 0.5 s", "met": r["median_s"] < 0.5})
    return out


def table(report: dict) -> str:
    lines = []
    for s in report["sizes"]:
        c = s["corpus"]
        lines.append(f"\nN = {s['n']} guides ({c.get('words_per_guide')} words each, "
                     f"{c.get('pages_per_language')} pages x 4 languages, "
                     f"{c.get('site_html_pages', '?')} HTML files)")
        lines.append("| step | median wall s | median CPU s | runs | largest process MB "
                     "| process tree MB | note |")
        lines.append("|---|---:|---:|---:|---:|---:|---|")
        for name, r in s["results"].items():
            t = "n/a" if r["median_s"] is None else f"{r['median_s']:.2f}"
            if not r["ok"]:
                t += " (failed)" if not any(x["timed_out"] for x in r["runs"]) else " (>)"
            extra = r["note"]
            last = r["runs"][-1]
            if "urls" in last:
                extra = (extra + " " if extra else "") + \
                    f"{last['urls']} URLs, {last['warnings']} warnings, {last['errors']} errors"
            cpu = "n/a" if r.get("median_cpu_s") is None else f"{r['median_cpu_s']:.2f}"
            lines.append(f"| {name} | {t} | {cpu} | {len(r['runs'])} | {r['maxrss_mb']:.0f} | "
                         f"{r['tree_peak_mb']:.0f} | {extra} |")
    lines.append("\nTargets")
    lines.append("| target | N | measure | value | goal | met |")
    lines.append("|---|---|---|---:|---|---|")
    for v in report["verdicts"]:
        met = {True: "yes", False: "NO", None: "-"}[v["met"]]
        val = "n/a" if v["value"] is None else f"{v['value']:.3g}"
        lines.append(f"| {v['target']} | {v['n']} | {v['measure']} | {val} | {v['goal']} | {met} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main

def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="50,200", help="guide counts, comma-separated (default 50,200)")
    p.add_argument("--runs", type=int, default=3, help="runs of each step; the median is reported")
    p.add_argument("--quick", action="store_true", help="N=50 only, one run of each step")
    p.add_argument("--linkchecker-runs", type=int, default=1,
                   help="runs of the (slow) linkchecker baselines (default 1)")
    p.add_argument("--serial", action="store_true",
                   help="also time `guidekit build -j 1` (one core, like the sequential plain builds)")
    p.add_argument("--linkchecker-timeout", type=float, default=240,
                   help="seconds before a linkchecker baseline is stopped (its time is then a lower bound)")
    p.add_argument("--timeout", type=float, default=1800, help="seconds before any other step is stopped")
    p.add_argument("--skip", default="", help="comma-separated: build,update,linkcheck,anchors,serve")
    p.add_argument("--serve-repeats", type=int, default=3)
    p.add_argument("--profile", action="store_true", help="profile `guidekit build -l ms` at the largest N")
    p.add_argument("--workdir", default=None, help="keep the corpus and logs here (default: a temp dir)")
    p.add_argument("--keep", action="store_true", help="do not delete the work directory")
    p.add_argument("--out", default=None, help="JSON result file (default bench/results/<date>-n<sizes>.json)")
    args = p.parse_args()
    if args.quick:
        args.sizes, args.runs = "50", 1
    args.skip = [x for x in args.skip.split(",") if x]
    sizes = [int(x) for x in args.sizes.split(",")]

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="guidekit-bench-", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)  # linkchecker runs as nobody when started as root
    log(f"work directory {work}")
    report = {"machine": machine(), "started": dt.datetime.now().isoformat(timespec="seconds"),
              "args": {k: v for k, v in vars(args).items()}, "sizes": []}
    started = time.perf_counter()
    benches = []
    try:
        for n in sizes:
            sb = SizeBench(n, work / f"n{n}", args)
            sb.root.mkdir(parents=True, exist_ok=True)
            sb.root.chmod(0o755)
            benches.append(sb)
            report["sizes"].append(sb.run())
        if "serve" not in args.skip:
            try:
                report["serve"] = bench_serve(benches[0], args.serve_repeats)
            except Exception as exc:  # noqa: BLE001 - a broken preview must not lose the other numbers
                report["serve"] = {"error": repr(exc)}
                log(f"serve benchmark failed: {exc!r}")
        if args.profile:
            report["profile"] = profile_build(benches[-1], HERE / "results")
    finally:
        report["total_s"] = round(time.perf_counter() - started, 1)
        report["verdicts"] = verdicts(report)
        out = Path(args.out) if args.out else HERE / "results" / (
            f"{dt.date.today().isoformat()}-n{'-'.join(map(str, sizes))}"
            f"{'-quick' if args.quick else ''}.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(table(report))
        log(f"wrote {out} ({report['total_s']} s in all)")
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
