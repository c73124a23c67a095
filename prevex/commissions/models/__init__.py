"""The commissions' tables: commissions, sessions, attendance, saisines and agenda items
(with the frozen summaries), recommendations and their catalogue, one-year outcomes,
and the préfecture's decisions on the « concours de la force publique »."""

from .agenda import AgendaItem, Saisine
from .cfp import CfpCriterion, CfpDecisionRecord
from .commissions import Commission
from .recommendations import FileOutcome, Recommendation, RecommendationType
from .sessions import Attendance, Session

__all__ = [
    "AgendaItem",
    "Attendance",
    "CfpCriterion",
    "CfpDecisionRecord",
    "Commission",
    "FileOutcome",
    "Recommendation",
    "RecommendationType",
    "Saisine",
    "Session",
]
