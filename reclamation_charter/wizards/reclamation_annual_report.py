# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..report.reclamation_complaint_analysis import SATISFACTION_COLUMNS

TOP_ROOT_CAUSES = 5


class ReclamationAnnualReport(models.TransientModel):
    """The annual report of complaint handling the association publishes
    (charter article 6): volumes, times, outcomes, satisfaction, the main
    root causes and the corrective actions taken, for a year and a company.
    Every figure is aggregated in SQL by the complaint analysis view."""

    _name = "reclamation.annual.report"
    _description = "Annual Complaint Report"

    year = fields.Integer(
        required=True,
        default=lambda self: self._default_year(),
        help="The complaints received during this calendar year.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )

    @api.model
    def _default_year(self):
        """The last completed year in which the company received complaints
        (not an empty report), else the current year."""
        today = fields.Date.context_today(self)
        latest = self.env["reclamation.complaint.analysis"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("received_date", "<", datetime(today.year, 1, 1)),
            ],
            order="received_date desc",
            limit=1,
        )
        return latest.received_date.year if latest else today.year

    @api.constrains("year")
    def _check_year(self):
        for report in self:
            if not 2000 <= report.year <= fields.Date.context_today(self).year:
                raise ValidationError(
                    self.env._("Choose a year between 2000 and the current year.")
                )

    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "reclamation_charter.action_report_reclamation_annual"
        ).report_action(self)

    def _get_domain(self):
        return [
            ("company_id", "=", self.company_id.id),
            ("received_date", ">=", datetime(self.year, 1, 1)),
            ("received_date", "<", datetime(self.year + 1, 1, 1)),
        ]

    def _get_report_data(self):
        """The figures of the report, aggregated by the analysis view."""
        self.ensure_one()
        # The view reads the tables: what the ORM holds is written first.
        self.env.flush_all()
        Analysis = self.env["reclamation.complaint.analysis"]
        domain = self._get_domain()
        measures = [
            "complaint_count:sum",
            "open_count:sum",
            "ack_hours:avg",
            "ack_success:avg",
            "answer_days:avg",
            "sla_success:avg",
            "justified_count:sum",
            "satisfaction_answered_count:sum",
            *(f"{column}:avg" for column in SATISFACTION_COLUMNS),
        ]
        totals = dict(
            zip(
                [measure.split(":")[0] for measure in measures],
                Analysis._read_group(domain, [], measures)[0],
                strict=True,
            )
        )

        def labelled(groupby):
            field = Analysis._fields[groupby]
            rows = Analysis._read_group(
                domain,
                [groupby],
                ["complaint_count:sum"],
                order="complaint_count:sum desc",
            )
            if field.type == "selection":
                labels = dict(field._description_selection(self.env))
                return [
                    (labels.get(key, self.env._("Not set")), count)
                    for key, count in rows
                ]
            return [
                (key.display_name if key else self.env._("Not set"), count)
                for key, count in rows
            ]

        satisfaction = [
            (
                Analysis._fields[column].get_description(self.env)["string"],
                totals[column],
            )
            for column in SATISFACTION_COLUMNS
        ]
        causes = Analysis._read_group(
            domain + [("root_cause_id", "!=", False)],
            ["root_cause_id"],
            ["complaint_count:sum", "justified_count:sum"],
            order="complaint_count:sum desc",
            limit=TOP_ROOT_CAUSES,
        )
        actions = self.env["reclamation.corrective.action"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("complaint_ids.received_date", ">=", datetime(self.year, 1, 1)),
                ("complaint_ids.received_date", "<", datetime(self.year + 1, 1, 1)),
            ],
            order="date_deadline, id",
        )
        return {
            "totals": totals,
            "by_channel": labelled("channel_id"),
            "by_team": labelled("team_id"),
            "by_complexity": labelled("complexity"),
            "by_outcome": labelled("outcome"),
            "satisfaction": satisfaction,
            "causes": [
                (cause.display_name, count, justified)
                for cause, count, justified in causes
            ],
            "actions": actions,
        }
