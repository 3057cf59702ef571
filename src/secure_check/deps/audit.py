"""Dependency audit: the packages a notebook uses, their licences and known vulnerabilities.

Packages come from imports in code cells (magics tolerated), ``%pip``/``!pip install`` lines
and, on request, the whole running environment (``importlib.metadata``). Each problem is a
``Finding`` with category ``dependency``, so it goes into the same reports, baselines and
policy (``[tool.secure-check.dependency]``) as secrets and PII.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata as metadata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from secure_check.core.findings import Finding, Severity
from secure_check.core.redact import fingerprint
from secure_check.deps.licence import PERMISSIVE, SEVERITY, UNKNOWN, licence_of
from secure_check.deps.parse import Use, canonical, uses
from secure_check.deps.vulns import (
    CHECKED,
    NOT_CHECKED,
    OFFLINE,
    Offline,
    base_url,
    reachable,
    vulnerabilities,
)

MIME_TYPE = "application/vnd.secure-check.dependencies+json"
MSG_LICENCE = "{name} {version} is under {licence} ({kind}): check it fits how you ship this work"
MSG_NO_LICENCE = "{name} {version} declares no licence: its terms are unknown"
MSG_VULN = "{name} {version} has a known vulnerability {id}{aliases}: {summary}{fix}"
MSG_UNPINNED = "`{installer} install {spec}` is not pinned (==): reruns may install other code"
MSG_MISSING = "import {module!r}: no installed distribution provides it and no install line does"


@dataclasses.dataclass
class Package:
    """One distribution the notebook uses (or the environment holds)."""

    name: str
    version: str | None
    licence: str = ""
    licence_class: str = UNKNOWN
    sources: list[str] = dataclasses.field(default_factory=list)
    vulnerabilities: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    first_use: Use | None = None


@dataclasses.dataclass
class DependencyReport:
    """The audit of one notebook: packages, findings and whether advisories were checked."""

    path: str
    packages: list[Package]
    findings: list[Finding]
    vulnerability_status: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        packages = [
            {k: v for k, v in dataclasses.asdict(p).items() if k != "first_use"}
            for p in self.packages
        ]
        return {
            "path": self.path,
            "vulnerability_status": self.vulnerability_status,
            "packages": packages,
            "findings": [f.to_dict() for f in self.findings],
        }

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        from secure_check.deps.view import to_html, to_text

        return {"text/plain": to_text(self), "text/html": to_html(self), MIME_TYPE: self.to_dict()}


def audit(
    source: Mapping[str, Any] | str | Path | None = None,
    *,
    path: str = "",
    environment: bool = False,
    online: bool = True,
) -> DependencyReport:
    """Audit the packages a notebook uses (and optionally the whole environment).

    Parameters
    ----------
    source
        A parsed notebook, a notebook path, or ``None`` (the environment alone).
    path
        The path findings are reported under (default: ``source`` when it is a path).
    environment
        Also audit every distribution installed in the running environment.
    online
        Ask PyPI for known vulnerabilities; offline, the status says ``not checked: offline``.
    """
    from secure_check.core import notebook

    folder = Path(path).parent if path else Path(".")
    if isinstance(source, (str, Path)):
        path, folder = path or str(source), Path(source).parent
        source = notebook.load(Path(source))
    found = list(uses(dict(source))) if source is not None else []
    packages = _packages(found, environment)
    status = _check_vulnerabilities(packages) if online else NOT_CHECKED
    findings = [f for p in packages for f in _package_findings(p, path)]
    findings += [
        _finding(
            path,
            u,
            "unpinned-install",
            Severity.LOW,
            u.spec,
            MSG_UNPINNED.format(installer=u.installer, spec=u.spec),
        )
        for u in found
        if u.kind == "install" and not _pinned(u.spec)
    ]
    findings += _missing(found, path, folder)
    return DependencyReport(path, packages, findings, status)


def _packages(found: list[Use], environment: bool) -> list[Package]:
    providers = metadata.packages_distributions()
    out: dict[str, Package] = {}
    for use in found:
        names = providers.get(use.name, []) if use.kind == "import" else [use.name]
        for name in names:
            _add(out, name, use.kind, use)
    if environment:
        for dist in metadata.distributions():
            _add(out, dist.metadata["Name"], "environment", None)
    return sorted(out.values(), key=lambda p: p.name)


def _add(out: dict[str, Package], name: str, source: str, use: Use | None) -> None:
    key = canonical(name)
    if key not in out:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            out[key] = Package(key, None)
        else:
            licence, kind = licence_of(dist.metadata)
            out[key] = Package(dist.metadata["Name"], dist.version, licence, kind)
    package = out[key]
    if source not in package.sources:
        package.sources.append(source)
    if package.first_use is None:
        package.first_use = use


def _check_vulnerabilities(packages: Iterable[Package]) -> str:
    # NOTE: one probe per index and process: a folder of notebooks must not wait on each.
    if not reachable(base_url()):
        return OFFLINE
    for package in packages:
        if package.version is None:
            continue
        try:
            package.vulnerabilities = vulnerabilities(package.name, package.version)
        except Offline:
            return OFFLINE
    return CHECKED


def _package_findings(p: Package, path: str) -> list[Finding]:
    if p.version is None:
        return []
    out = []
    where = f"{p.name}=={p.version}"
    if p.licence_class != PERMISSIVE:
        text = MSG_LICENCE if p.licence else MSG_NO_LICENCE
        message = text.format(
            name=p.name, version=p.version, licence=p.licence, kind=p.licence_class
        )
        rule = "unknown-licence" if p.licence_class == UNKNOWN else "copyleft-licence"
        out.append(
            _finding(path, p.first_use, rule, Severity(SEVERITY[p.licence_class]), where, message)
        )
    for v in p.vulnerabilities:
        aliases = f" ({', '.join(v['aliases'])})" if v["aliases"] else ""
        fix = f"; fixed in {', '.join(v['fixed_in'])}" if v["fixed_in"] else "; no fix released"
        message = MSG_VULN.format(
            name=p.name,
            version=p.version,
            id=v["id"],
            aliases=aliases,
            summary=v["summary"] or "no summary",
            fix=fix,
        )
        out.append(
            _finding(
                path,
                p.first_use,
                "known-vulnerability",
                Severity.HIGH,
                f"{where} {v['id']}",
                message,
            )
        )
    return out


def _missing(found: list[Use], path: str, folder: Path) -> list[Finding]:
    providers = metadata.packages_distributions()
    installed = {u.name for u in found if u.kind == "install"}
    out = []
    for use in found:
        if use.kind != "import" or use.name in providers or canonical(use.name) in installed:
            continue
        if _local_module(use.name, folder):
            continue
        message = MSG_MISSING.format(module=use.name)
        out.append(_finding(path, use, "unresolved-import", Severity.LOW, use.name, message))
    return out


def _local_module(name: str, folder: Path) -> bool:
    # NOTE: a helper module beside the notebook (`import utils`) is not a dependency.
    return (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file()


def _pinned(spec: str) -> bool:
    return "==" in spec or "@" in spec


def _finding(
    path: str, use: Use | None, rule: str, severity: Severity, what: str, message: str
) -> Finding:
    return Finding(
        path=path,
        cell_index=use.cell_index if use else None,
        cell_id=use.cell_id if use else None,
        where="source" if use else "metadata",
        output_index=None,
        line=use.line if use else 0,
        column=1 if use else 0,
        category="dependency",
        rule=rule,
        severity=severity,
        confidence=1.0 if rule != "unresolved-import" else 0.6,
        fingerprint=fingerprint(f"dependency:{rule}:{what}"),
        preview=what,
        message=message,
        kind="code" if use else "environment",
    )
