from lantoa.exemplars.models.catalogues import Movement, PriorityGroup, Sector
from lantoa.exemplars.models.publications import Publication, StoryArticle
from lantoa.exemplars.models.records import (
    COUNTED_REPLICATIONS,
    Evidence,
    Honour,
    Milestone,
    NurturePlan,
    ProgressNote,
    Record,
    RecordKind,
    RecordShare,
    RecordSource,
    RecordState,
    RecordStep,
    Replication,
    spread_units,
)
from lantoa.exemplars.models.subjects import Consent, SensitiveItem, Subject

__all__ = [
    "COUNTED_REPLICATIONS",
    "Consent",
    "Evidence",
    "Honour",
    "Milestone",
    "Movement",
    "NurturePlan",
    "PriorityGroup",
    "ProgressNote",
    "Publication",
    "Record",
    "RecordKind",
    "RecordShare",
    "RecordSource",
    "RecordState",
    "RecordStep",
    "Replication",
    "Sector",
    "SensitiveItem",
    "StoryArticle",
    "Subject",
    "spread_units",
]
