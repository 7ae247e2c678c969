# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Satisfaction survey after closure (charter article 6, ISO 10004): the
invitation to Odoo's survey, its reminder and the scores the customer gave."""

from odoo import fields, models

SATISFACTION_STATES = [
    ("none", "Not sent"),
    ("sent", "Sent"),
    ("reminded", "Reminded"),
    ("answered", "Answered"),
    ("expired", "Expired"),
]


# One concern of the complaint per file, as mail splits mail.thread.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    satisfaction_user_input_id = fields.Many2one(
        comodel_name="survey.user_input",
        string="Satisfaction survey answer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The customer's invitation to the satisfaction survey sent after "
        "closure, and their answers.",
    )
    satisfaction_state = fields.Selection(
        selection=SATISFACTION_STATES,
        string="Satisfaction survey",
        default="none",
        readonly=True,
        copy=False,
        index=True,
        help="Where the satisfaction survey of this complaint stands: sent "
        "after closure, reminded once, answered, or expired unanswered.",
    )
    satisfaction_sent_date = fields.Datetime(
        string="Survey sent on", readonly=True, copy=False
    )
    satisfaction_reminded_date = fields.Datetime(
        string="Survey reminder sent on", readonly=True, copy=False
    )
    satisfaction_answered_on = fields.Datetime(
        string="Survey answered on", readonly=True, copy=False
    )
    satisfaction_score = fields.Integer(
        string="Overall satisfaction",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The overall score the customer gave, from 1 to 5 (empty when "
        "not answered).",
    )
    satisfaction_listening_score = fields.Integer(
        string="Listening and respect",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's score, from 1 to 5, for listening and respect.",
    )
    satisfaction_clarity_score = fields.Integer(
        string="Clarity of the information",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's score, from 1 to 5, for the clarity of the "
        "information given.",
    )
    satisfaction_deadlines_score = fields.Integer(
        string="Keeping to the deadlines",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's score, from 1 to 5, for keeping to the deadlines.",
    )
    satisfaction_fairness_score = fields.Integer(
        string="Fairness of the outcome",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's score, from 1 to 5, for the fairness of the outcome.",
    )
