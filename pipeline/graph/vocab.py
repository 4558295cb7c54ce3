"""The graph vocabulary: prefixes, the inline JSON-LD context, type and property names.

This is the only module that spells out terms of the graph contract (/work/shared/GRAPH.md,
extended in docs/graph.md). The builder writes and the evaluator reads through these
constants, so a rename is one edit here plus a contract version bump, and the two sides can
never drift apart.

Property keys are compact IRIs (``schema:name``) defined by the prefixes alone: the context
has no term coercions, and node references and typed literals are written out explicitly
(``{"@id": ...}``, ``{"@value": ..., "@type": "xsd:decimal"}``). That keeps the output
readable by every JSON-LD processor we test against (pyld, rdflib, oxigraph) without relying
on JSON-LD 1.1 rules for compact-IRI term definitions.
"""

from __future__ import annotations

from types import MappingProxyType

VERSION = "1"

SCHEMA = "http://schema.org/"
ZHKG = "https://w3id.org/zhkg#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES: MappingProxyType[str, str] = MappingProxyType(
    {"schema": SCHEMA, "zhkg": ZHKG, "nif": NIF, "prov": PROV, "xsd": XSD}
)

DEFAULT_BASE_IRI = "https://w3id.org/zhkg/id/"


def context() -> dict[str, str]:
    """A fresh copy of the inline ``@context`` (callers may mutate what they get)."""
    return dict(PREFIXES)


# -- types ----------------------------------------------------------------------------------
T_DOCUMENT = "schema:NewsArticle"
T_ORG = "schema:Organization"
T_PERSON = "schema:Person"
T_GPE = "schema:AdministrativeArea"
T_LOC = "schema:Place"
T_THING = "schema:Thing"  # an entity whose label is none of the four (defensive)
T_STATEMENT = "zhkg:QuantityStatement"
T_MENTION = "zhkg:Mention"  # extension (docs/graph.md)
T_EVIDENCE = "nif:String"  # extension: the evidence node's type

LABEL_TYPES: MappingProxyType[str, str] = MappingProxyType(
    {"ORG": T_ORG, "PERSON": T_PERSON, "GPE": T_GPE, "LOC": T_LOC}
)
LABELS: tuple[str, ...] = ("ORG", "PERSON", "GPE", "LOC")

# -- properties -------------------------------------------------------------------------------
P_IDENTIFIER = "schema:identifier"
P_HEADLINE = "schema:headline"
P_DATE_PUBLISHED = "schema:datePublished"
P_IN_LANGUAGE = "schema:inLanguage"

P_LABEL = "zhkg:label"
P_NAME = "schema:name"
P_ALT_NAME = "schema:alternateName"
P_MENTIONED_IN = "zhkg:mentionedIn"
P_CONTAINED_IN = "schema:containedInPlace"

P_SUBJECT = "zhkg:subject"
P_PREDICATE = "zhkg:predicate"
P_VALUE = "schema:value"
P_UNIT = "schema:unitText"
P_CURRENCY = "schema:currency"
P_OBJECT = "zhkg:object"
P_APPROX = "zhkg:approximation"
P_MIN_VALUE = "schema:minValue"
P_MAX_VALUE = "schema:maxValue"
P_LOCATION = "schema:location"
P_TIME = "zhkg:time"
P_EVIDENCE = "zhkg:evidence"
P_DERIVED_FROM = "prov:wasDerivedFrom"

P_ANCHOR_OF = "nif:anchorOf"
P_BEGIN = "nif:beginIndex"
P_END = "nif:endIndex"
P_REFERENCE_CONTEXT = "nif:referenceContext"  # extension: evidence / mention -> document
P_DENOTES = "zhkg:denotes"  # extension: mention -> entity

# -- datatypes --------------------------------------------------------------------------------
D_DECIMAL = "xsd:decimal"
D_NON_NEGATIVE_INTEGER = "xsd:nonNegativeInteger"
D_DATE = "xsd:date"
D_DATETIME = "xsd:dateTime"

# -- controlled values ------------------------------------------------------------------------
LANG_TRADITIONAL = "zh-Hant"
LANG_SIMPLIFIED = "zh-Hans"
APPROXIMATIONS: frozenset[str] = frozenset({"more_than", "about", "at_least", "up_to"})

# -- IRI path segments under the base IRI -------------------------------------------------------
SEG_DOCUMENT = "doc"
SEG_PLACE = "place"  # administrative areas with a GB/T 2260 code
SEG_STATEMENT = "statement"
