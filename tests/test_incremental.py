"""Scheduled regeneration: no-op builds, precise rebuilds, editions,
reproducible bytes, killed and concurrent builds, watch."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import edit
from tests.synth import make_project

FACTS = "inputs/mini/facts.yaml"
JUDGEMENTS = "inputs/mini/judgements.yaml"


def snapshot_files(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every file under out/: (inode, mtime_ns, sha256)."""
    found = {}
    for path in sorted((root / "out").rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[str(path.relative_to(root))] = (stat.st_ino, stat.st_mtime_ns,
                                                   hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def hashes(root: Path, case: str) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "out" / case).iterdir())}


def test_noop_build_writes_nothing_and_says_up_to_date(project_copy, cli):
    root = project_copy()
    assert cli("build", "--project", root).code == 0
    before = snapshot_files(root)
    result = cli("build", "--project", root, "-v")
    assert result.code == 0
    assert result.out.strip().endswith("up to date (4 files)")
    assert "mini/eu.pdf: up to date" in result.out
    assert snapshot_files(root) == before


def test_one_fact_changed_rebuilds_only_who_can_see_it(project_copy, cli):
    root = project_copy()
    edit(root / FACTS, "- id: year-b\n", "- id: year-b\n  releasable-to: [eu]\n")
    assert cli("build", "--project", root).code == 0
    rs_before = {k: v for k, v in snapshot_files(root).items() if "/rs." in k}
    edit(root / FACTS, "The system arrived in 2020.,", "The system arrived late in 2020.,")
    result = cli("build", "--project", root, "-v")
    assert "mini/eu.docx: facts.yaml changed" in result.out
    assert "mini/eu.pdf: facts.yaml changed" in result.out
    assert "mini/rs.pdf: up to date (facts.yaml changed, but nothing rs may see)" in result.out
    assert {k: v for k, v in snapshot_files(root).items() if "/rs." in k} == rs_before
    assert cli("build", "--project", root).out.strip() == "up to date (4 files)"
    changes = cli("changes", "mini", "--project", root).out
    assert "eu: edition 2" in changes and "rs: edition 1" in changes


@pytest.mark.parametrize("path, old, new", [
    (FACTS, "The system arrived in 2020.,", "The system arrived late in 2020.,"),  # eu only
    (FACTS, "The exercise was held in July.,", "The exercise was held in mid-July.,"),
    ("inputs/mini/sources.yaml", "title: A blog post", "title: A blog post, corrected"),
    ("inputs/mini/sources.yaml", "reliability: D", "reliability: C"),
    (JUDGEMENTS, "basis: [repeat, year-a]", "basis: [repeat, year-a, year-b]"),
    ("inputs/mini/case.yaml", "author: Test Desk", "author: Another Desk"),
    ("inputs/topics.yaml", "{en: Arms,", "{en: Arms and materiel,"),  # a heading
])
def test_after_an_edit_a_build_leaves_exactly_what_a_forced_build_makes(project_copy, cli, path,
                                                                       old, new):
    """A target left alone because nothing its audience may see changed must
    be the file a full rebuild would make, whatever the edit."""
    root = project_copy()
    edit(root / FACTS, "- id: year-b\n", "- id: year-b\n  releasable-to: [eu]\n")
    assert cli("build", "--project", root).code == 0
    edit(root / path, old, new)
    assert cli("build", "--project", root).code == 0
    built = hashes(root, "mini")
    assert cli("build", "--project", root, "--force").code == 0
    assert hashes(root, "mini") == built


def test_edition_section_lists_exactly_the_change(project_copy, cli):
    root = project_copy()
    assert cli("build", "--project", root).code == 0
    edit(root / FACTS, "The system arrived in 2020.,", "The system arrived in 2021.,")
    edit(root / JUDGEMENTS, "likelihood: likely", "likelihood: very-likely")
    assert cli("build", "--project", root).code == 0
    result = cli("changes", "mini", "--audience", "eu", "--project", root)
    assert result.out.splitlines() == [
        "eu: edition 2 (as of 2025-08-01)",
        "  changes since edition 1:",
        "  - Corrected: The system arrived in 2021.",
        "  - The exercise will be repeated: likely → very likely",
    ]
    text = _docx_text(root / "out/mini/eu.docx")
    assert "Changes since edition 1" in text
    assert "Corrected: The system arrived in 2021." in text
    assert "Edition 2" in text


def test_first_edition_has_no_changes_section(project_copy, cli):
    root = project_copy()
    cli("build", "--project", root)
    text = _docx_text(root / "out/mini/eu.docx")
    assert "Changes since" not in text and "Edition 1" in text


def _docx_text(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode()
    import re

    return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))


def test_builds_are_byte_identical_across_folders_and_times(project_copy, tmp_path, cli):
    first = project_copy()
    second = tmp_path / "elsewhere" / "project"
    shutil.copytree(first, second)
    assert cli("build", "--project", first).code == 0
    time.sleep(1.1)
    env = {**os.environ, "TZ": "Asia/Tokyo"}
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", "--project", str(second)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert hashes(first, "mini") == hashes(second, "mini")


def _reasons(output: str) -> dict[str, str]:
    """`build -v`'s lines, file -> the reason printed for it."""
    return dict(line.split(": ", 1) for line in output.splitlines() if line.startswith("mini/"))


def _pdfs(root: Path) -> dict[str, tuple[int, int, str]]:
    return {k: v for k, v in snapshot_files(root).items() if k.endswith(".pdf")}


def test_a_new_house_style_rebuilds_the_docx_files_only(project_copy, cli):
    from docx import Document

    root = project_copy()
    assert cli("build", "--project", root).code == 0
    pdfs = _pdfs(root)
    Document().save(root / "templates" / "reference.docx")
    result = cli("build", "--project", root, "-v")
    assert result.code == 0
    assert _reasons(result.out) == {"mini/eu.docx": "house style (reference.docx) changed",
                                    "mini/rs.docx": "house style (reference.docx) changed",
                                    "mini/eu.pdf": "up to date", "mini/rs.pdf": "up to date"}
    assert _pdfs(root) == pdfs  # not even rewritten


def test_a_change_to_the_docx_writers_code_rebuilds_the_docx_files_only(project_copy, tmp_path):
    """Run from a copy of briefgen whose DOCX writer then changes."""
    import briefgen

    code = tmp_path / "code"
    shutil.copytree(Path(briefgen.__file__).parent, code / "briefgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    root = project_copy()
    _run_from(code, root)
    pdfs = _pdfs(root)
    with (code / "briefgen/writers/docx/__init__.py").open("a") as module:
        module.write("\n# an edit to the DOCX writer\n")
    assert _reasons(_run_from(code, root, "-v").stdout) == {
        "mini/eu.docx": "unchanged (DOCX writer code changed)",
        "mini/rs.docx": "unchanged (DOCX writer code changed)",
        "mini/eu.pdf": "up to date", "mini/rs.pdf": "up to date"}
    assert _pdfs(root) == pdfs


def _run_from(code: Path, root: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(code)}  # and run from there: `-m` looks in cwd first
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", "--project", str(root),
                           *extra], env=env, cwd=code, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_force_rebuilds_everything_but_keeps_bytes(project_copy, cli):
    root = project_copy()
    cli("build", "--project", root)
    before = hashes(root, "mini")
    result = cli("build", "--project", root, "--force", "-v")
    assert "mini/eu.pdf: unchanged (forced)" in result.out
    assert hashes(root, "mini") == before


@pytest.fixture(scope="module")
def big_versions(tmp_path_factory):
    """A three-case project built at v1, and the hashes a complete v2 build gives."""
    base = tmp_path_factory.mktemp("big")
    v1 = make_project(base / "v1", cases=3)
    _run_build(v1)
    v2 = base / "v2"
    shutil.copytree(v1, v2)
    _change_every_case(v2)
    _run_build(v2)
    cases = sorted(p.name for p in (v1 / "out").iterdir() if not p.name.startswith("."))
    return v1, {c: hashes(v1, c) for c in cases}, {c: hashes(v2, c) for c in cases}


def _run_build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", "--project", str(root),
                           *extra], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


def _change_every_case(root: Path) -> None:
    for facts in (root / "inputs").glob("*/facts.yaml"):
        edit(facts, "in Hebei province, China.", "in Hebei province, northern China.")


def _worker_processes(root: Path) -> set[int]:
    """Pids of processes building the project at ``root`` (the build and its
    forked workers, which share its command line)."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"briefgen" in cmdline and str(root).encode() in cmdline:
            found.add(int(entry.name))
    return found


def _workers_gone(root: Path, seconds: float = 5.0) -> bool:
    """Whether no process builds ``root`` any more, waiting up to ``seconds``:
    the kernel ends a worker when its build ends, a few milliseconds later."""
    deadline = time.monotonic() + seconds
    while _worker_processes(root) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _worker_processes(root)


def test_killed_build_leaves_old_or_complete_new_files(big_versions, tmp_path):
    v1, old, new = big_versions
    rng = random.Random(20250719)
    roots = []
    for attempt in range(3):
        root = tmp_path / f"attempt{attempt}"
        shutil.copytree(v1, root)
        _change_every_case(root)
        proc = subprocess.Popen([sys.executable, "-m", "briefgen", "build", "--project",
                                 str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.6, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        roots.append(root)
        assert _workers_gone(root), "a killed build left worker processes behind"
        for case in old:
            for name, digest in hashes(root, case).items():
                assert digest in (old[case].get(name), new[case].get(name)), f"{case}/{name}"
        json.loads((root / "out/.briefgen/manifest.json").read_text())  # still readable
        _run_build(root)  # and the next build completes the job
        assert {c: hashes(root, c) for c in old} == new


def test_a_caller_reading_a_killed_builds_output_is_not_kept_waiting(big_versions, tmp_path):
    v1, _old, _new = big_versions
    root = tmp_path / "piped"
    shutil.copytree(v1, root)
    _change_every_case(root)
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", "build", "--project", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)  # workers are busy by now
    proc.send_signal(signal.SIGKILL)
    started = time.monotonic()
    proc.communicate(timeout=20)  # reads both pipes to their end
    assert time.monotonic() - started < 5


def test_second_concurrent_build_waits_then_gives_up_clearly(big_versions, tmp_path):
    v1, _old, _new = big_versions
    root = tmp_path / "locked"
    shutil.copytree(v1, root)
    from filelock import FileLock

    with FileLock(str(root / "out/.briefgen/lock")):
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "briefgen", "build", "--project", str(root),
                               "--lock-timeout", "1"], capture_output=True, text=True, timeout=60)
        assert 0.9 < time.monotonic() - started < 30
    assert done.returncode == 3
    assert "another briefgen build of this project holds" in done.stderr


def test_two_builds_at_once_do_not_interleave(big_versions, tmp_path):
    v1, _old, new = big_versions
    root = tmp_path / "together"
    shutil.copytree(v1, root)
    _change_every_case(root)
    command = [sys.executable, "-m", "briefgen", "build", "--project", str(root), "--json"]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    built = sorted(len(json.loads(out)["built"]) for out, _err in outputs)
    # One did the work (EU and NATO of three cases; the Serbian text did not change);
    # the other waited for the lock and found everything up to date.
    assert built == [0, 12]
    assert {c: hashes(root, c) for c in new} == new


class LineReader:
    """Lines of a process's output, read on a thread so waiting can time out."""

    def __init__(self, proc):
        import queue
        import threading

        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(proc.stdout,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, needle: str, timeout: float = 60) -> str:
        import queue

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if needle in line:
                return line
        raise AssertionError(f"no line with {needle!r} within {timeout} s: {self.seen}")


def test_watch_rebuilds_on_change_and_stops_on_ctrl_c(project_copy):
    root = project_copy()
    proc = subprocess.Popen([sys.executable, "-u", "-m", "briefgen", "watch", "--project",
                             str(root), "--debounce", "200"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    reader = LineReader(proc)
    try:
        reader.wait_for("watching")
        time.sleep(0.5)  # let the watcher settle before the first change
        before = (root / "out/mini/eu.pdf").read_bytes()
        edit(root / FACTS, "The system arrived in 2020.,", "The system arrived in 2019.,")
        reader.wait_for("built")
        assert (root / "out/mini/eu.pdf").read_bytes() != before
        edit(root / JUDGEMENTS, "likelihood: likely", "likelihood: likly")
        reader.wait_for("error:")  # shown, and watching goes on
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode == 130  # the README's exit code for Ctrl-C
    reader.wait_for("stopped", timeout=10)


def _children(pid: int) -> set[int]:
    found = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as handle:
            found |= {int(p) for p in handle.read().split()}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or len(os.sched_getaffinity(0)) < 2,
                    reason="needs Linux /proc and two cores (worker processes)")
def test_watch_keeps_its_workers_between_edits_and_ctrl_c_ends_them(project_copy):
    root = project_copy()
    proc = subprocess.Popen([sys.executable, "-u", "-m", "briefgen", "watch", "--project",
                             str(root), "--debounce", "200"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    reader = LineReader(proc)
    try:
        reader.wait_for("watching")
        time.sleep(0.5)  # let the watcher settle before the first change
        workers = _children(proc.pid)
        edit(root / FACTS, "The system arrived in 2020.,", "The system arrived in 2019.,")
        reader.wait_for("built")
        edit(root / FACTS, "The system arrived in 2019.,", "The system arrived in 2018.,")
        reader.wait_for("built")
        assert workers and _children(proc.pid) == workers  # the same warm workers
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
        proc.wait(timeout=30)
    assert proc.returncode == 130
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


SHIPPED = "china-serbia-exercise-2025"


def test_a_brief_that_renders_as_last_time_is_not_laid_out_again(tmp_path, cli):
    """The Serbian audience may see this fact, but its page budget cuts it: its
    brief renders as before at the size kept and one unit more, so its job
    returns no bytes and its files stand; a forced build makes the same files."""
    from briefgen.build import Settings
    from briefgen.jobs import render_job
    from briefgen.manifest import Manifest, manifest_path
    from briefgen.plan import plan
    from briefgen.project import find_project
    from briefgen.recording import settle_edition

    root = make_project(tmp_path / "shipped")
    assert cli("build", "--project", root).code == 0
    edit(root / "inputs" / SHIPPED / "facts.yaml", "in Hebei province, China.",
         "in Hebei province, northern China.")
    project = find_project(root)
    manifest = Manifest.load(manifest_path(project.out))
    jobs = {job.label: job for job in plan(project, manifest, [SHIPPED], Settings()).jobs}
    for job in jobs.values():
        settle_edition(project, manifest, job, draft=True, minted={})  # writes nothing
    serbian = render_job(project, jobs[f"{SHIPPED}/rs-domestic"])
    assert serbian.unchanged and serbian.outputs == {} and serbian.keep
    eu = render_job(project, jobs[f"{SHIPPED}/eu-policy"])
    assert not eu.unchanged and set(eu.outputs) == {"docx", "pdf"}

    result = cli("build", "--project", root, "-v")
    assert f"{SHIPPED}/rs-domestic.pdf: unchanged (facts.yaml changed)" in result.out
    assert f"{SHIPPED}/eu-policy.pdf: facts.yaml changed" in result.out
    built = hashes(root, SHIPPED)
    assert cli("build", "--project", root, "--force").code == 0
    assert hashes(root, SHIPPED) == built


def test_an_error_in_the_last_of_several_cases_writes_nothing_and_ends_the_workers(tmp_path):
    """Several cases: the workers start before the cases are read; an input
    error in the last one still stops the build before any file is written,
    says where, and leaves no worker behind."""
    root = make_project(tmp_path / "two", cases=2)
    last = sorted((root / "inputs").glob("*/facts.yaml"))[-1]
    edit(last, "credibility: 2", "credibility: 9")
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", "--project", str(root)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert f"{last.parent.name}/facts.yaml:" in done.stderr
    assert "nothing was written" in done.stderr and "Traceback" not in done.stderr
    assert not [p for p in (root / "out").rglob("*") if p.suffix in (".pdf", ".docx")]
    assert _workers_gone(root)  # not one left behind once the build has ended


def test_an_edit_made_while_the_build_renders_is_built_next_time(project_copy, cli):
    """The manifest records the input files as the build read them, not as
    they are when it writes: an edit made meanwhile is not taken as built."""
    from briefgen.build import Settings, build
    from briefgen.project import find_project

    root = project_copy()
    edit(root / FACTS, "The exercise was held in July.,", "The exercise was held in June.,")
    edited: list[str] = []

    def edit_once(_label: str) -> None:
        if not edited:
            edit(root / FACTS, "held in June.,", "held in July.,")
            edited.append(_label)

    build(find_project(root), ["mini"], Settings(jobs=1), progress=edit_once)
    assert edited
    result = cli("build", "--project", root, "-v")
    assert "mini/eu.pdf: facts.yaml changed" in result.out, result.out  # June → July again
    with zipfile.ZipFile(root / "out/mini/eu.docx") as package:
        assert "held in July." in package.read("word/document.xml").decode()
