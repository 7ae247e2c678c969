# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.reclamation_resolution import OUTCOMES


class ReclamationFairnessReport(models.Model):
    """Fairness report (charter article 7): one row per complaint, with its
    delays, deadline success and outcome, to compare channels and languages
    in the pivot (averages computed by PostgreSQL, whatever the volume)."""

    _name = "reclamation.fairness.report"
    _description = "Complaint Fairness Report"
    _auto = False
    _order = "received_date desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Complaint", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team", string="Desk", readonly=True
    )
    channel_id = fields.Many2one(comodel_name="helpdesk.ticket.channel", readonly=True)
    lang = fields.Selection(
        selection="_get_lang_selection",
        string="Language",
        readonly=True,
        help="The language of the person who complained.",
    )
    complexity = fields.Selection(
        selection=[
            ("simple", "Simple"),
            ("standard", "Standard"),
            ("complex", "Complex"),
        ],
        readonly=True,
    )
    received_date = fields.Datetime(string="Received on", readonly=True)
    is_closed = fields.Boolean(string="Answered", readonly=True)
    complaint_count = fields.Integer(
        string="Complaints", readonly=True, aggregator="sum"
    )
    ack_hours = fields.Float(
        string="Acknowledgement time (hours)",
        readonly=True,
        aggregator="avg",
        help="Hours from receipt to the acknowledgement, on average.",
    )
    ack_on_time_rate = fields.Float(
        string="Acknowledged on time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of acknowledged complaints acknowledged by their deadline.",
    )
    answer_days = fields.Float(
        string="Answer time (days)",
        readonly=True,
        aggregator="avg",
        help="Calendar days from receipt to the answer (closure), on average "
        "over answered complaints.",
    )
    deadline_success = fields.Float(
        string="Answered on time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of answered complaints answered by their deadline.",
    )
    outcome = fields.Selection(
        selection=OUTCOMES,
        readonly=True,
        help="The outcome of the latest decision sent to the customer.",
    )
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
    satisfaction_score = fields.Float(
        string="Overall satisfaction",
        readonly=True,
        aggregator="avg",
        help="The customers' overall score, from 1 to 5, on average over the "
        "answered surveys.",
    )
    satisfaction_fairness_score = fields.Float(
        string="Fairness of the outcome (satisfaction)",
        readonly=True,
        aggregator="avg",
        help="The customers' score for the fairness of the outcome, from 1 to "
        "5, on average over the answered surveys.",
    )

    @api.model
    def _get_lang_selection(self):
        return self.env["res.lang"].get_installed()

    def _select(self):
        return SQL(
            """
            t.id AS id,
            t.id AS ticket_id,
            t.company_id AS company_id,
            t.team_id AS team_id,
            t.channel_id AS channel_id,
            p.lang AS lang,
            t.complexity AS complexity,
            t.received_date AS received_date,
            COALESCE(s.closed, FALSE) AS is_closed,
            1 AS complaint_count,
            CASE WHEN t.ack_sent_date IS NOT NULL AND t.received_date IS NOT NULL
                 THEN EXTRACT(EPOCH FROM (t.ack_sent_date - t.received_date))
                      / 3600.0
            END AS ack_hours,
            CASE t.ack_on_time WHEN 'on_time' THEN 100.0 WHEN 'late' THEN 0.0
            END AS ack_on_time_rate,
            CASE WHEN s.closed AND t.closed_date IS NOT NULL
                      AND t.received_date IS NOT NULL
                 THEN EXTRACT(EPOCH FROM (t.closed_date - t.received_date))
                      / 86400.0
            END AS answer_days,
            CASE WHEN s.closed AND t.closed_date IS NOT NULL
                      AND t.resolution_deadline IS NOT NULL
                 THEN CASE WHEN t.closed_date <= t.resolution_deadline
                           THEN 100.0 ELSE 0.0 END
            END AS deadline_success,
            t.resolution_outcome AS outcome,
            CASE WHEN t.resolution_outcome IS NOT NULL
                 THEN CASE WHEN t.resolution_outcome IN ('upheld', 'partly_upheld')
                           THEN 100.0 ELSE 0.0 END
            END AS upheld_rate,
            CASE WHEN t.resolution_outcome IS NOT NULL
                 THEN CASE WHEN t.resolution_outcome = 'rejected'
                           THEN 100.0 ELSE 0.0 END
            END AS rejected_rate,
            NULLIF(t.satisfaction_score, 0) AS satisfaction_score,
            NULLIF(t.satisfaction_fairness_score, 0)
                AS satisfaction_fairness_score
            """
        )

    def _from(self):
        return SQL(
            """
            helpdesk_ticket t
            LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
            LEFT JOIN res_partner p ON p.id = t.partner_id
            """
        )

    def _where(self):
        return SQL("t.is_charter_complaint IS TRUE")

    def _query(self):
        return SQL(
            "SELECT %s FROM %s WHERE %s", self._select(), self._from(), self._where()
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    @api.model
    def _get_fairness_figures(self, groupby=("channel_id", "lang"), domain=()):
        """The report's figures by ``groupby``, in one query: a list of
        dicts with the groups and each measure."""
        measures = [
            "complaint_count:sum",
            "ack_hours:avg",
            "ack_on_time_rate:avg",
            "answer_days:avg",
            "deadline_success:avg",
            "upheld_rate:avg",
            "rejected_rate:avg",
            "satisfaction_score:avg",
            "satisfaction_fairness_score:avg",
        ]
        rows = self._read_group(list(domain), list(groupby), measures)
        keys = [*groupby, *(m.split(":")[0] for m in measures)]
        return [dict(zip(keys, row, strict=True)) for row in rows]
