# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.helpdesk_ticket import COMPLEXITIES
from ..models.reclamation_resolution import OUTCOMES

# The satisfaction scores the analysis averages: one per charter commitment
# the customer can judge, and the overall score (1 to 5).
SATISFACTION_COLUMNS = (
    "satisfaction_score",
    "satisfaction_listening_score",
    "satisfaction_clarity_score",
    "satisfaction_deadlines_score",
    "satisfaction_fairness_score",
)


class ReclamationComplaintAnalysis(models.Model):
    """Complaint analysis (charter article 6): one row per complaint under the
    charter, read from a SQL view so that the pivot and graph aggregate in
    the database (volumes, acknowledgement and answer times, deadline success
    rate, root causes, corrective actions) by desk, channel, complexity,
    language and month. Nothing is loaded into Python."""

    _name = "reclamation.complaint.analysis"
    _description = "Complaint Analysis"
    _auto = False
    _rec_name = "ticket_id"
    _order = "received_date desc"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Complaint", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team", string="Desk", readonly=True
    )
    channel_id = fields.Many2one(comodel_name="helpdesk.ticket.channel", readonly=True)
    stage_id = fields.Many2one(comodel_name="helpdesk.ticket.stage", readonly=True)
    complexity = fields.Selection(selection=COMPLEXITIES, readonly=True)
    lang = fields.Selection(
        selection=lambda self: self.env["res.lang"].get_installed(),
        string="Language",
        readonly=True,
        help="The language of the person who complains.",
    )
    received_date = fields.Datetime(string="Received on", readonly=True)
    closed_date = fields.Datetime(string="Closed on", readonly=True)
    closed = fields.Boolean(readonly=True)
    complaint_count = fields.Integer(
        string="Complaints", readonly=True, aggregator="sum"
    )
    open_count = fields.Integer(string="Open", readonly=True, aggregator="sum")
    breached_count = fields.Integer(
        string="Open past their deadline",
        readonly=True,
        aggregator="sum",
        help="Open complaints whose answer deadline has passed.",
    )
    ack_hours = fields.Float(
        string="Acknowledgement time (hours)",
        readonly=True,
        aggregator="avg",
        help="Hours from receipt to the acknowledgement, on average.",
    )
    ack_success = fields.Float(
        string="Acknowledged on time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the acknowledged complaints acknowledged by their " "deadline.",
    )
    answer_days = fields.Float(
        string="Answer time (days)",
        readonly=True,
        aggregator="avg",
        help="Calendar days from receipt to closure, on average, over closed "
        "complaints.",
    )
    sla_success = fields.Float(
        string="Answered on time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the closed complaints answered by their deadline.",
    )
    outcome = fields.Selection(
        selection=OUTCOMES,
        readonly=True,
        help="The outcome of the latest decision sent to the customer.",
    )
    upheld_count = fields.Integer(
        string="Upheld in whole or in part",
        readonly=True,
        aggregator="sum",
    )
    satisfaction_answered_count = fields.Integer(
        string="Surveys answered", readonly=True, aggregator="sum"
    )
    satisfaction_score = fields.Float(
        string="Overall satisfaction", readonly=True, aggregator="avg"
    )
    satisfaction_listening_score = fields.Float(
        string="Listening and respect", readonly=True, aggregator="avg"
    )
    satisfaction_clarity_score = fields.Float(
        string="Clarity of the information", readonly=True, aggregator="avg"
    )
    satisfaction_deadlines_score = fields.Float(
        string="Keeping to the deadlines", readonly=True, aggregator="avg"
    )
    satisfaction_fairness_score = fields.Float(
        string="Fairness of the outcome", readonly=True, aggregator="avg"
    )
    root_cause_id = fields.Many2one(
        comodel_name="reclamation.root.cause", string="Root cause", readonly=True
    )
    is_justified = fields.Boolean(string="Justified", readonly=True)
    justified_count = fields.Integer(
        string="Justified complaints", readonly=True, aggregator="sum"
    )
    corrective_action_count = fields.Integer(
        string="Corrective actions", readonly=True, aggregator="sum"
    )

    def _select(self):
        return SQL(
            """
            t.id AS id,
            t.id AS ticket_id,
            t.company_id,
            t.team_id,
            t.channel_id,
            t.stage_id,
            t.complexity,
            p.lang,
            t.received_date,
            t.closed_date,
            COALESCE(t.closed, FALSE) AS closed,
            1 AS complaint_count,
            CASE WHEN t.closed IS NOT TRUE THEN 1 ELSE 0 END AS open_count,
            CASE
                WHEN t.closed IS NOT TRUE
                    AND t.sla_paused_since IS NULL
                    AND t.resolution_deadline < (NOW() AT TIME ZONE 'UTC')
                THEN 1 ELSE 0
            END AS breached_count,
            EXTRACT(EPOCH FROM (t.ack_sent_date - t.received_date)) / 3600.0
                AS ack_hours,
            CASE t.ack_on_time
                WHEN 'on_time' THEN 100.0 WHEN 'late' THEN 0.0
            END AS ack_success,
            CASE WHEN t.closed THEN
                EXTRACT(EPOCH FROM (t.closed_date - t.received_date)) / 86400.0
            END AS answer_days,
            CASE WHEN t.closed AND t.resolution_deadline IS NOT NULL THEN
                t.sla_success
            END AS sla_success,
            t.resolution_outcome AS outcome,
            CASE WHEN t.resolution_outcome IN ('upheld', 'partly_upheld')
                THEN 1 ELSE 0
            END AS upheld_count,
            CASE WHEN t.satisfaction_state = 'answered' THEN 1 ELSE 0
            END AS satisfaction_answered_count,
            %(scores)s,
            t.root_cause_id,
            COALESCE(t.is_justified, FALSE) AS is_justified,
            CASE WHEN t.is_justified THEN 1 ELSE 0 END AS justified_count,
            COALESCE(actions.action_count, 0) AS corrective_action_count
            """,
            # Scores run from 1 to 5: an unanswered survey counts in no average.
            scores=SQL(", ").join(
                SQL(
                    "CASE WHEN t.satisfaction_state = 'answered' "
                    "THEN NULLIF(%s, 0) END AS %s",
                    SQL.identifier("t", column),
                    SQL.identifier(column),
                )
                for column in SATISFACTION_COLUMNS
            ),
        )

    def _from(self):
        return SQL(
            """
            helpdesk_ticket t
            LEFT JOIN res_partner p ON p.id = t.partner_id
            LEFT JOIN (
                SELECT ticket_id, COUNT(*) AS action_count
                FROM reclamation_corrective_action_ticket_rel
                GROUP BY ticket_id
            ) actions ON actions.ticket_id = t.id
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
