#!/usr/bin/env python3
"""Vendor front-end libraries from the npm registry into static/vendor/.

static/vendor/packages.json is the single record of what is vendored: every
package, its exact version, its license, the sha512 integrity of its tarball,
and which files of the tarball go where under static/vendor/.

    bin/vendor.py            fetch, verify and (re)write the vendored files
    bin/vendor.py --check    verify the files on disk against the tarballs;
                             writes nothing, exits 1 on any difference

For every package this runs `npm pack <name>@<version>` in a temporary
directory, checks the tarball's sha512 against both `npm view <name>@<version>
dist.integrity` and the integrity recorded in packages.json (recording it there
on the first run if it is absent), reads only the listed files out of the
tarball (nothing is extracted to disk by tar, so member names cannot escape the
temporary directory) and writes them to their destinations, which must lie
inside static/vendor/. Nothing is written unless every package verified.
It then writes static/vendor/VERSIONS.txt (name, version, license, files with
their sha256).

It also checks that every relative reference inside a vendored CSS/JS file
(CSS url(...), @import, sourceMappingURL comments) points at another vendored
file: Django's ManifestStaticFilesStorage (used in production through
whitenoise) fails `collectstatic` on a reference to a missing file.

Idempotent: files whose content is already right are left untouched.
Python 3.11 standard library only; needs `npm` on PATH and the npm registry.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = ROOT / "static" / "vendor"
MANIFEST = VENDOR_DIR / "packages.json"
VERSIONS = VENDOR_DIR / "VERSIONS.txt"
RESERVED = {"packages.json", "VERSIONS.txt"}

NPM_TIMEOUT = 600  # seconds, per npm command
MAX_MEMBER_SIZE = 64 * 1024 * 1024  # refuse absurdly large single files

NAME_RE = re.compile(r"^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$")
# An exact semver version: no ranges, tags or wildcards.
VERSION_RE = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$"
)
INTEGRITY_RE = re.compile(r"^sha512-[A-Za-z0-9+/]{86}==$")


class VendorError(Exception):
    """A failure with a message fit to show the user."""


@dataclass
class Package:
    name: str
    version: str
    license: str
    integrity: str | None
    files: dict[str, str]  # tarball path (without the leading "package/") -> dest
    raw: dict
    contents: dict[str, bytes] = field(default_factory=dict)  # dest -> bytes
    tarball_integrity: str = ""

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


# --------------------------------------------------------------------------
# packages.json


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def check_rel_path(p: object, what: str) -> str:
    """A relative POSIX path with no '..', no empty parts and no whitespace."""
    if not isinstance(p, str) or not p:
        raise VendorError(f"{what}: path must be a non-empty string, got {p!r}")
    if "\\" in p or "\x00" in p or any(ch.isspace() for ch in p):
        raise VendorError(f"{what}: path {p!r} must not contain backslashes, NULs or whitespace")
    if p.startswith("/") or re.match(r"^[A-Za-z]:", p):
        raise VendorError(f"{what}: path {p!r} must be relative")
    parts = p.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise VendorError(f"{what}: path {p!r} must not contain empty, '.' or '..' parts")
    return nfc(p)


def load_manifest() -> tuple[dict, list[Package]]:
    try:
        text = MANIFEST.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VendorError(f"{rel(MANIFEST)} not found") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise VendorError(f"{rel(MANIFEST)} is not valid JSON: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("packages"), list):
        raise VendorError(f'{rel(MANIFEST)} must be an object with a "packages" list')

    packages: list[Package] = []
    seen_names: set[str] = set()
    dests: dict[str, str] = {}
    for i, entry in enumerate(data["packages"]):
        where = f"{rel(MANIFEST)} packages[{i}]"
        if not isinstance(entry, dict):
            raise VendorError(f"{where}: must be an object")
        name, version = entry.get("name"), entry.get("version")
        lic, integrity, files = entry.get("license"), entry.get("integrity"), entry.get("files")
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise VendorError(f"{where}: invalid npm package name {name!r}")
        where = f"{rel(MANIFEST)} {name}"
        if name in seen_names:
            raise VendorError(f"{where}: listed twice")
        seen_names.add(name)
        if not isinstance(version, str) or not VERSION_RE.match(version):
            raise VendorError(f"{where}: version must be an exact x.y.z version, got {version!r}")
        if not isinstance(lic, str) or not lic.strip():
            raise VendorError(f"{where}: license must be a non-empty string")
        if integrity is not None and (
            not isinstance(integrity, str) or not INTEGRITY_RE.match(integrity)
        ):
            raise VendorError(f"{where}: integrity must be 'sha512-<base64>', got {integrity!r}")
        if not isinstance(files, dict) or not files:
            raise VendorError(f"{where}: files must be a non-empty object {{tarball path: dest}}")
        mapping: dict[str, str] = {}
        for src, dest in files.items():
            src_n = check_rel_path(src, f"{where} files source")
            dest_n = check_rel_path(dest, f"{where} files destination")
            if dest_n in RESERVED:
                raise VendorError(f"{where}: destination {dest_n!r} is reserved")
            if dest_n in dests:
                raise VendorError(
                    f"{where}: destination {dest_n!r} already used by {dests[dest_n]}"
                )
            if src_n in mapping:
                raise VendorError(f"{where}: source {src_n!r} listed twice")
            dests[dest_n] = name
            mapping[src_n] = dest_n
        packages.append(Package(name, version, lic.strip(), integrity, mapping, entry))

    # A destination must not be a directory of another destination.
    for d in dests:
        parts = d.split("/")
        for k in range(1, len(parts)):
            if "/".join(parts[:k]) in dests:
                raise VendorError(
                    f"destination {'/'.join(parts[:k])!r} is also a directory of {d!r}"
                )
    return data, packages


def save_manifest(data: dict, packages: list[Package]) -> None:
    """Record missing integrities in packages.json, keeping key order."""
    by_name = {p.name: p for p in packages}
    new_list = []
    for entry in data["packages"]:
        pkg = by_name[entry["name"]]
        if "integrity" in entry and entry["integrity"] is not None:
            new_list.append(entry)
            continue
        rebuilt: dict = {}
        for k, v in entry.items():
            if k == "integrity":
                continue
            rebuilt[k] = v
            if k == "license":
                rebuilt["integrity"] = pkg.tarball_integrity
        rebuilt.setdefault("integrity", pkg.tarball_integrity)
        new_list.append(rebuilt)
    data = dict(data)
    data["packages"] = new_list
    write_if_changed(MANIFEST, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


# --------------------------------------------------------------------------
# npm


def run_npm(args: list[str], cwd: Path) -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm not found on PATH")
    env = dict(os.environ)
    env.update(
        npm_config_fund="false", npm_config_update_notifier="false", npm_config_audit="false"
    )
    cmd = [npm, *args]
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=NPM_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise VendorError(f"`npm {' '.join(args)}` timed out after {NPM_TIMEOUT}s") from None
    if proc.returncode != 0:
        msg = (proc.stderr or proc.stdout).strip().splitlines()
        tail = "\n    ".join(msg[-8:]) if msg else "(no output)"
        raise VendorError(f"`npm {' '.join(args)}` failed (exit {proc.returncode}):\n    {tail}")
    return proc.stdout


def registry_integrity(pkg: Package, tmp: Path) -> str:
    out = run_npm(["view", pkg.spec, "dist.integrity", "--json"], tmp).strip()
    if not out:
        raise VendorError(f"{pkg.spec}: the registry reports no such version (empty npm view)")
    try:
        value = json.loads(out)
    except json.JSONDecodeError:
        value = out
    if isinstance(value, list):  # several versions matched: cannot happen for x.y.z
        raise VendorError(f"{pkg.spec}: npm view matched several versions: {value!r}")
    if not isinstance(value, str):
        raise VendorError(f"{pkg.spec}: unexpected dist.integrity from npm view: {value!r}")
    sha512 = [tok for tok in value.split() if tok.startswith("sha512-")]
    if len(sha512) != 1 or not INTEGRITY_RE.match(sha512[0]):
        raise VendorError(f"{pkg.spec}: registry has no sha512 integrity (got {value!r})")
    return sha512[0]


def npm_pack(pkg: Package, tmp: Path) -> Path:
    run_npm(["pack", pkg.spec, "--silent", "--ignore-scripts"], tmp)
    tgz = sorted(tmp.glob("*.tgz"))
    if len(tgz) != 1:
        raise VendorError(f"{pkg.spec}: expected one tarball from npm pack, found {len(tgz)}")
    return tgz[0]


def file_integrity(path: Path) -> str:
    h = hashlib.sha512()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha512-" + base64.b64encode(h.digest()).decode("ascii")


def read_members(pkg: Package, tgz: Path) -> tuple[dict[str, bytes], dict]:
    """Read the listed files (and package.json) from the tarball into memory.

    Member names are only compared against the validated source paths; no
    member is ever extracted to the filesystem, so '..', absolute names,
    symlinks or devices in the tarball cannot write anywhere. Listed files must
    be regular files.
    """
    wanted = set(pkg.files) | {"package.json"}
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(tgz, mode="r:gz", encoding="utf-8") as tar:
            for member in tar:
                name = nfc(member.name.removeprefix("./"))
                # npm tarballs keep everything under one top folder ("package/").
                _, sep, inner = name.partition("/")
                if not sep or inner not in wanted:
                    continue
                if inner in found:
                    raise VendorError(f"{pkg.spec}: tarball lists {inner!r} more than once")
                if not member.isreg():
                    raise VendorError(f"{pkg.spec}: {inner!r} in the tarball is not a regular file")
                if member.size > MAX_MEMBER_SIZE:
                    raise VendorError(f"{pkg.spec}: {inner!r} is too large ({member.size} bytes)")
                f = tar.extractfile(member)
                if f is None:
                    raise VendorError(f"{pkg.spec}: cannot read {inner!r} from the tarball")
                found[inner] = f.read()
    except (tarfile.TarError, OSError, EOFError) as e:
        raise VendorError(f"{pkg.spec}: cannot read tarball {tgz.name}: {e}") from None

    missing = sorted(set(pkg.files) - set(found))
    if missing:
        raise VendorError(f"{pkg.spec}: not in the tarball: {', '.join(missing)}")
    try:
        meta = json.loads(found.pop("package.json", b"{}"))
    except json.JSONDecodeError:
        meta = {}
    return found, meta


def fetch(pkg: Package, check_only: bool) -> None:
    """npm pack, verify integrity and metadata, read the listed files."""
    with tempfile.TemporaryDirectory(prefix="vendor-") as d:
        tmp = Path(d)
        expected = registry_integrity(pkg, tmp)
        if pkg.integrity is not None and pkg.integrity != expected:
            raise VendorError(
                f"{pkg.spec}: integrity recorded in packages.json ({pkg.integrity}) differs "
                f"from the registry's ({expected})"
            )
        if pkg.integrity is None and check_only:
            raise VendorError(
                f"{pkg.spec}: no integrity recorded in packages.json; run bin/vendor.py first"
            )
        tgz = npm_pack(pkg, tmp)
        actual = file_integrity(tgz)
        if actual != expected:
            raise VendorError(
                f"{pkg.spec}: tarball integrity mismatch: "
                f"downloaded {actual}, registry says {expected}"
            )
        pkg.tarball_integrity = actual
        members, meta = read_members(pkg, tgz)

    if meta.get("name") != pkg.name or meta.get("version") != pkg.version:
        raise VendorError(
            f"{pkg.spec}: tarball's package.json says {meta.get('name')!r}@{meta.get('version')!r}"
        )
    declared = meta.get("license")
    if isinstance(declared, str) and declared.strip() and declared.strip() != pkg.license:
        raise VendorError(
            f"{pkg.spec}: packages.json says license {pkg.license!r}, "
            f"the package declares {declared!r}"
        )
    pkg.contents = {dest: members[src] for src, dest in pkg.files.items()}


# --------------------------------------------------------------------------
# references between vendored files (what collectstatic's manifest storage follows)

CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]*?)\1\s*\)""")
CSS_IMPORT_RE = re.compile(r"""@import\s*(['"])(?P<url>[^'"]*)\1""")
MAP_RE = re.compile(r"(?m)^(?:/\*#|//#)[ \t]sourceMappingURL=(?P<url>[^\s*]+)")


def references(dest: str, content: bytes) -> list[str]:
    if not dest.endswith((".css", ".js")):
        return []
    text = content.decode("utf-8", errors="replace")
    urls = [m.group("url") for m in MAP_RE.finditer(text)]
    if dest.endswith(".css"):
        urls += [m.group("url") for m in CSS_URL_RE.finditer(text)]
        urls += [m.group("url") for m in CSS_IMPORT_RE.finditer(text)]
    out = []
    for url in urls:
        url = url.strip()
        if re.match(r"^(https?:)?//", url, re.I):
            out.append(url)  # remote: reported, breaks offline use
        elif (
            url
            and not url.startswith(("#", "/"))
            and not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I)
        ):
            out.append(url.split("#", 1)[0].split("?", 1)[0])  # relative file
        # else: data: URIs, fragments, site-absolute paths: nothing to vendor
    return out


def check_references(packages: list[Package]) -> list[str]:
    present = {dest for p in packages for dest in p.contents}
    problems = []
    for p in packages:
        for dest, content in p.contents.items():
            for url in references(dest, content):
                if re.match(r"^(https?:)?//", url, re.I):
                    problems.append(f"{dest} references a remote URL {url} (not offline)")
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(dest), url))
                if target.startswith("../") or target not in present:
                    problems.append(
                        f"{dest} references {url!r} -> {target!r}, which is not vendored "
                        f"(collectstatic with ManifestStaticFilesStorage would fail)"
                    )
    return problems


# --------------------------------------------------------------------------
# files on disk


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def dest_path(dest: str) -> Path:
    """The absolute path of a destination, guaranteed to be inside VENDOR_DIR."""
    base = VENDOR_DIR.resolve()
    path = (VENDOR_DIR / dest).resolve()
    if path == base or base not in path.parents:
        raise VendorError(f"destination {dest!r} resolves outside {rel(VENDOR_DIR)}")
    return path


def write_if_changed(path: Path, content: bytes) -> bool:
    """Atomically write content unless the file already holds it. True if written."""
    try:
        if path.read_bytes() == content:
            return False
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        raise VendorError(f"{rel(path)} is a directory") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vendor-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def versions_text(packages: list[Package]) -> str:
    lines = [
        "# Vendored front-end libraries. Generated by bin/vendor.py from packages.json;",
        "# do not edit. Each package: name version license, then one line per file:",
        "# destination (under static/vendor/)  sha256  <- path in the npm tarball",
        "",
    ]
    for p in packages:
        lines.append(f"{p.name} {p.version} {p.license}")
        for src, dest in p.files.items():
            lines.append(f"    {dest}  sha256:{sha256(p.contents[dest])}  <- {src}")
        lines.append("")
    return "\n".join(lines)


def previously_vendored() -> set[str]:
    """Destinations listed in the existing VERSIONS.txt (files this tool wrote)."""
    try:
        text = VERSIONS.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return set()
    out = set()
    for line in text.splitlines():
        if line.startswith("    ") and line.strip():
            out.add(nfc(line.split()[0]))
    return out


def files_on_disk() -> set[str]:
    out = set()
    for dirpath, _dirs, filenames in os.walk(VENDOR_DIR):
        for fn in filenames:
            out.add(nfc(Path(dirpath, fn).relative_to(VENDOR_DIR).as_posix()))
    return out


def remove_empty_dirs() -> None:
    for dirpath, _dirs, _files in os.walk(VENDOR_DIR, topdown=False):
        path = Path(dirpath)
        if path != VENDOR_DIR and not any(path.iterdir()):
            path.rmdir()


# --------------------------------------------------------------------------


def human(n: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if n < 1024 or unit == "MiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def cmd_sync(data: dict, packages: list[Package]) -> int:
    # Phase 1: fetch and verify everything; nothing is written if any fails.
    for p in packages:
        fetch(p, check_only=False)
    problems = check_references(packages)
    if problems:
        raise VendorError("unresolved references in vendored files:\n  " + "\n  ".join(problems))

    # Phase 2: write.
    for p in packages:
        written = 0
        size = 0
        for dest, content in p.contents.items():
            written += write_if_changed(dest_path(dest), content)
            size += len(content)
        state = f"{written} written" if written else "unchanged"
        print(f"{p.spec:<36} {p.license:<11} {len(p.contents)} file(s), {human(size):>9}  {state}")

    managed = {dest for p in packages for dest in p.contents}
    stale = previously_vendored() - managed
    for dest in sorted(stale):
        path = dest_path(dest)
        if path.is_file():
            path.unlink()
            print(f"removed stale {dest}", file=sys.stderr)
    remove_empty_dirs()
    if any(p.integrity is None for p in packages):
        save_manifest(data, packages)
        print(f"recorded integrity in {rel(MANIFEST)}", file=sys.stderr)
    write_if_changed(VERSIONS, versions_text(packages).encode("utf-8"))
    unknown = files_on_disk() - managed - RESERVED
    for dest in sorted(unknown):
        print(f"warning: {rel(VENDOR_DIR / dest)} is not listed in packages.json", file=sys.stderr)
    return 0


def cmd_check(packages: list[Package]) -> int:
    failed = False
    for p in packages:
        try:
            fetch(p, check_only=True)
        except VendorError as e:
            print(f"{p.spec:<36} FAILED: {e}")
            failed = True
            continue
        errors = []
        for dest, content in p.contents.items():
            path = dest_path(dest)
            try:
                on_disk = path.read_bytes()
            except FileNotFoundError:
                errors.append(f"{dest} missing")
                continue
            if sha256(on_disk) != sha256(content):
                errors.append(f"{dest} differs from the tarball")
        if errors:
            print(f"{p.spec:<36} FAILED: {'; '.join(errors)}")
            failed = True
        else:
            print(f"{p.spec:<36} ok ({len(p.contents)} file(s) match, sha256)")
    if failed:
        raise VendorError("check failed; run bin/vendor.py to rewrite the vendored files")

    problems = check_references(packages)
    managed = {dest for p in packages for dest in p.contents}
    unknown = sorted(files_on_disk() - managed - RESERVED)
    problems += [f"{rel(VENDOR_DIR / d)} is not listed in packages.json" for d in unknown]
    try:
        current = VERSIONS.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        current = None
    if current != versions_text(packages):
        problems.append(f"{rel(VERSIONS)} is missing or out of date")
    if problems:
        raise VendorError("check failed:\n  " + "\n  ".join(problems))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Vendor npm front-end libraries into static/vendor/ "
        "as recorded in static/vendor/packages.json."
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="verify the vendored files match the package tarballs (sha256); write nothing",
    )
    args = parser.parse_args(argv)
    try:
        data, packages = load_manifest()
        return cmd_check(packages) if args.check else cmd_sync(data, packages)
    except VendorError as e:
        print(f"vendor.py: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("vendor.py: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
