from pathlib import Path

import pytest
from guidekit.site.searchworker import patch_worker

WORKER = ('for(let n of '
          't.lang){switch(n){case"ja":r.push(`${e}/tinyseg.js`);break;case"hi":case"th":r.push(`${e}/wordcut.js`);break}')


def _site(tmp_path: Path, text: str) -> Path:
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.abc.min.js").write_text(text, encoding="utf-8")
    return workers / "search.abc.min.js"


def test_tamil_worker_loads_wordcut_and_patching_twice_changes_nothing(tmp_path):
    worker = _site(tmp_path, WORKER)
    patch_worker(tmp_path, "ta")
    once = worker.read_text()
    assert 'case"hi":case"th":case"ta":r.push(`${e}/wordcut.js`)' in once
    patch_worker(tmp_path, "ta")
    assert worker.read_text() == once


def test_other_languages_are_left_alone(tmp_path):
    worker = _site(tmp_path, WORKER)
    assert patch_worker(tmp_path, "zh") is None and patch_worker(tmp_path, None) is None
    assert worker.read_text() == WORKER


def test_a_changed_material_worker_fails_loudly(tmp_path):
    _site(tmp_path, "something else entirely")
    with pytest.raises(RuntimeError, match="Material's worker changed"):
        patch_worker(tmp_path, "ta")
