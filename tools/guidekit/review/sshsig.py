"""SSH signatures over sign-off records, with OpenSSH's `ssh-keygen -Y sign/verify`.

The signed message binds guide, locale, digest, date and reviewer, so a signature copied onto
another guide or language, or onto changed content, no longer verifies. Keys are trusted only
through an allowed_signers file generated from reviewers.yml (in CI: from the base branch).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
import textwrap
from pathlib import Path
from typing import Self

from guidekit.review.registry import Registry

NAMESPACE = "guidekit-review@kitajagakita"
_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_END = "-----END SSH SIGNATURE-----"


class SigningError(Exception):
    """ssh-keygen could not sign (missing key, wrong passphrase, not installed)."""


def message(guide: str, locale: str, digest: str, date: dt.date, reviewer: str) -> bytes:
    return (f"guidekit-review v1\nguide: {guide}\nlocale: {locale}\ndigest: {digest}\n"
            f"date: {date.isoformat()}\nreviewer: {reviewer}\n").encode()


def sign(key: Path, data: bytes) -> str:
    """Sign with ssh-keygen; return the armoured signature as one line (base64 only)."""
    try:
        run = subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-f", str(key), "-n", NAMESPACE],
                             input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise SigningError("ssh-keygen is not installed (install OpenSSH 8.9 or later)") from None
    if run.returncode != 0:
        reason = run.stderr.decode("utf-8", "replace").strip() or f"exit {run.returncode}"
        raise SigningError(f"ssh-keygen could not sign with {key}: {reason}")
    return one_line(run.stdout.decode("ascii"))


def one_line(armoured: str) -> str:
    lines = [ln.strip() for ln in armoured.splitlines()]
    return "".join(ln for ln in lines if ln and ln not in (_BEGIN, _END))


def armour(line: str) -> str:
    body = "\n".join(textwrap.wrap("".join(line.split()), 70))
    return f"{_BEGIN}\n{body}\n{_END}\n"


def _stamp(day: dt.date) -> str:
    return day.strftime("%Y%m%d") + "Z"


def allowed_signers(registry: Registry) -> str:
    """The allowed_signers file: principal = reviewer id, our namespace, key validity in UTC."""
    lines = []
    for reviewer in registry.reviewers:
        for key in reviewer.keys:
            options = [f'namespaces="{NAMESPACE}"']
            if key.valid_after:
                options.append(f'valid-after="{_stamp(key.valid_after)}"')
            if key.valid_before:
                options.append(f'valid-before="{_stamp(key.valid_before)}"')
            lines.append(f"{reviewer.id} {','.join(options)} {key.key}")
    return "".join(line + "\n" for line in lines)


# Verifying is a subprocess; a build asks about the same record for every page and language.
_verified: dict[tuple[str, str, bytes, str, dt.datetime], str] = {}


class Verifier:
    """Verifies many signatures against one allowed_signers file (written once, to a temp dir)."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._dir = tempfile.TemporaryDirectory(prefix="guidekit-review-")
        self._allowed = Path(self._dir.name) / "allowed_signers"
        self._signers = allowed_signers(registry)
        self._allowed.write_text(self._signers, encoding="utf-8")

    def verify(self, reviewer: str, data: bytes, signature: str, when: dt.datetime) -> str:
        """'' when valid at `when` (UTC), else why not (as ssh-keygen put it)."""
        if not any(r.id == reviewer and r.keys for r in self.registry.reviewers):
            return f"{self.registry.path} lists no signing key for {reviewer}"
        key = (self._signers, reviewer, data, signature, when)
        if key not in _verified:
            if len(_verified) > 4096:
                _verified.clear()
            _verified[key] = self._verify(reviewer, data, signature, when)
        return _verified[key]

    def _verify(self, reviewer: str, data: bytes, signature: str, when: dt.datetime) -> str:
        # A file of its own per call: status verifies records from several threads at once.
        fd, name = tempfile.mkstemp(dir=self._dir.name, prefix="sig")
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(armour(signature))
        sig = Path(name)
        # valid-after is inclusive and valid-before exclusive, to the second, in UTC.
        stamp = when.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")
        try:
            run = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(self._allowed),
                                  "-I", reviewer, "-n", NAMESPACE, "-s", str(sig),
                                  f"-Overify-time={stamp}"],
                                 input=data, capture_output=True, check=False)
        except FileNotFoundError:
            return "ssh-keygen is not installed, so the signature cannot be checked"
        if run.returncode == 0:
            return ""
        text = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
        return text[-1] if text else f"ssh-keygen exit {run.returncode}"

    def close(self) -> None:
        self._dir.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
