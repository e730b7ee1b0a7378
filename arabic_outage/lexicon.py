"""Loading the data files under `models/lexicons/`: vendors, services, components, regions, cues.

Entries are written in natural spelling; every surface form is normalised here, once, with the
same `norm` the matcher applies to the text, so a data edit never needs a code change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_args

from . import disk_cache
from .normalize import norm
from .paths import models_dir
from .schema import ComponentKind

COMPONENT_KINDS = frozenset(get_args(ComponentKind))
LEXICON_FILES = ("vendors.yaml", "services.yaml", "components.yaml", "regions.yaml", "cues.yaml")


@dataclass(frozen=True)
class Vendor:
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    weak: tuple[str, ...] = ()  # count only once the vendor is named otherwise ("فيسبوك" for Meta)
    mobile_only: bool = False  # an operator with no fixed network: its "internet" is mobile data
    # forms bodies of several countries share ("وزارة الاتصالات"): named in its country's story
    local: tuple[str, ...] = ()
    brand_service: bool = False  # its name is its product (an airline): the service, if none other
    owner: str | None = None  # its parent company: the vendor in a story that names it
    group: str | None = None  # the brand of a national subsidiary ("Zain Iraq" -> Zain)


@dataclass(frozen=True)
class Service:
    name: str
    vendor: str | None
    aliases: tuple[str, ...]
    weak: tuple[str, ...] = ()  # count only for the story's vendor ("واجهات برمجة التطبيقات")
    own_app: bool = False  # the vendor's own app (a bank's): "التطبيق" in its story names it
    internet: bool = False  # the operator's internet itself ("Starlink"): no network beside it
    absorbs: tuple[str, ...] = ()  # shorter services' names that, where it is named, are it


@dataclass(frozen=True)
class Region:
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    weak: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # its cities and provinces
    # forms as written, diacritics kept, that name another place ("عمّان" is Amman, not Oman)
    written_otherwise: frozenset[str] = frozenset()
    # a grouping's member countries: named as affected, they are the places it stood for
    members: frozenset[str] = frozenset()


@dataclass
class Lexicon:
    """Every vocabulary the extractors use, normalised."""

    vendors: dict[str, Vendor] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    components: dict[str, str] = field(default_factory=dict)  # normalised term -> kind
    # context ("telecom", "mobile_network", "fixed_network") -> term -> kind that overrides it
    component_contexts: dict[str, dict[str, str]] = field(default_factory=dict)
    # terms for what broke behind a service ("الخوادم"): evidence of an outage, never a component
    infrastructure: frozenset[str] = frozenset()
    regions: dict[str, Region] = field(default_factory=dict)
    region_adjectives: dict[str, str] = field(default_factory=dict)  # adjective -> region
    own_apps: dict[str, str] = field(default_factory=dict)  # vendor -> its named app service
    cues: dict[str, Any] = field(default_factory=dict)

    def owner(self, vendor: str | None) -> str | None:
        """The parent company of a listed vendor (`owner` in vendors.yaml), if any."""
        known = self.vendors.get(vendor) if vendor else None
        return known.owner if known else None

    def same_company(self, a: str, b: str) -> bool:
        """Whether two vendor names are one company: equal, or one the other's `group`
        ("Vodafone" and "Vodafone Egypt")."""
        if a == b:
            return True
        va, vb = self.vendors.get(a), self.vendors.get(b)
        return (va is not None and va.group == b) or (vb is not None and vb.group == a)


def _read(path: Path) -> Any:
    return disk_cache.load_yaml(path) or []


def _forms(values: list[str] | None) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for v in values or []:
        n = norm(str(v))
        if n:
            seen.setdefault(n, None)
    return tuple(seen)


def read_lexicon(directory: Path) -> Lexicon:
    lex = Lexicon()
    for v in _read(directory / "vendors.yaml"):
        aliases = _forms([v["name"], *(v.get("aliases") or [])])
        lex.vendors[v["name"]] = Vendor(
            v["name"],
            v.get("kind", "other"),
            v.get("country"),
            aliases,
            _forms(v.get("weak_aliases")),
            bool(v.get("mobile_only", False)),
            _forms(v.get("local_aliases")),
            bool(v.get("brand_service", False)),
            v.get("owner"),
            v.get("group"),
        )
    for s in _read(directory / "services.yaml"):
        # (a name that is an ordinary word elsewhere, "Falcon" the cable, is matched only as a
        # weak alias: `name_is_weak`)
        weak_name = bool(s.get("name_is_weak"))
        aliases = _forms([*([] if weak_name else [s["name"]]), *(s.get("aliases") or [])])
        weak = _forms([*(s.get("weak_aliases") or []), *([s["name"]] if weak_name else [])])
        lex.services[s["name"]] = Service(
            s["name"],
            s.get("vendor"),
            aliases,
            weak,
            bool(s.get("own_app", False)),
            bool(s.get("internet", False)),
            tuple(s.get("absorbs") or ()),
        )
    for group in _read(directory / "components.yaml"):
        if group["kind"] not in COMPONENT_KINDS:
            raise ValueError(f"components.yaml: unknown kind {group['kind']!r}")
        context = group.get("context")
        target = lex.component_contexts.setdefault(context, {}) if context else lex.components
        for term in _forms(group.get("terms")):
            target.setdefault(term, group["kind"])
        if group.get("infrastructure"):
            lex.infrastructure |= frozenset(_forms(group.get("terms")))
    for r in _read(directory / "regions.yaml"):
        lex.regions[r["name"]] = Region(
            r["name"],
            _forms(r.get("aliases")),
            _forms(r.get("adjectives")),
            _forms(r.get("weak_aliases")),
            _forms(r.get("places")),
            frozenset(r.get("written_otherwise") or ()),
            frozenset(r.get("members") or ()),
        )
    for service in lex.services.values():
        for short in service.absorbs:
            if short not in lex.services:
                raise ValueError(f"services.yaml: {service.name} absorbs unknown {short!r}")
    for vendor in lex.vendors.values():
        for role, parent in (("owner", vendor.owner), ("group", vendor.group)):
            if parent is not None and parent not in lex.vendors:
                raise ValueError(f"vendors.yaml: {vendor.name}'s {role} {parent!r} is not listed")
    for region in lex.regions.values():
        for member in region.members - set(lex.regions):
            raise ValueError(f"regions.yaml: {region.name}'s member {member!r} is not listed")
    for service in lex.services.values():  # "CIH Mobile", "Ana Vodafone"
        if service.vendor and service.own_app:
            lex.own_apps.setdefault(service.vendor, service.name)
    for region in lex.regions.values():
        for adjective in region.adjectives:
            lex.region_adjectives.setdefault(adjective, region.name)
    cues = directory / "cues.yaml"
    lex.cues = _read(cues) if cues.exists() else {}
    return lex


@cache
def load_lexicon(directory: str | None = None) -> Lexicon:
    """The lexicon in `directory` (default: the shipped `models/lexicons`), loaded once."""
    return read_lexicon(Path(directory) if directory else models_dir() / "lexicons")
