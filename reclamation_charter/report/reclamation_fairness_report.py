# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class ReclamationFairnessReport(models.Model):
    """Fairness report (charter article 7): the rows of the complaint
    analysis (same view, same measures), with the shares of decisions upheld
    and rejected, to compare channels and languages in the pivot (averages
    computed by PostgreSQL, whatever the volume)."""

    _name = "reclamation.fairness.report"
    _inherit = "reclamation.complaint.analysis"
    _description = "Complaint Fairness Report"
    # A view like the analysis it extends: no log columns (create_uid...).
    _auto = False

    upheld_rate = fields.Float(
        string="Upheld, fully or partly (%)",
        readonly=True,
        aggregator="avg",
        help="Share of decided complaints upheld in full or in part.",
    )
    rejected_rate = fields.Float(
        string="Rejected (%)",
        readonly=True,
        aggregator="avg",
        help="Share of decided complaints rejected.",
    )

    def _select(self):
        return SQL(
            """
            %s,
            CASE WHEN t.resolution_outcome IS NOT NULL
                 THEN CASE WHEN t.resolution_outcome IN ('upheld', 'partly_upheld')
                           THEN 100.0 ELSE 0.0 END
            END AS upheld_rate,
            CASE WHEN t.resolution_outcome IS NOT NULL
                 THEN CASE WHEN t.resolution_outcome = 'rejected'
                           THEN 100.0 ELSE 0.0 END
            END AS rejected_rate
            """,
            super()._select(),
        )

    @api.model
    def _get_fairness_figures(self, groupby=("channel_id", "lang"), domain=()):
        """The report's figures by ``groupby``, in one query: a list of
        dicts with the groups and each measure."""
        measures = [
            "complaint_count:sum",
            "ack_hours:avg",
            "ack_success:avg",
            "answer_days:avg",
            "sla_success:avg",
            "upheld_rate:avg",
            "rejected_rate:avg",
            "satisfaction_score:avg",
            "satisfaction_fairness_score:avg",
        ]
        rows = self._read_group(list(domain), list(groupby), measures)
        keys = [*groupby, *(m.split(":")[0] for m in measures)]
        return [dict(zip(keys, row, strict=True)) for row in rows]
