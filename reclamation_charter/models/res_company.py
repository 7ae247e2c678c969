# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    reclamation_retention_active_months = fields.Integer(
        string="Complaints kept active (months)",
        default=12,
        help="Months after closure during which a complaint stays available to "
        "its desk; it is then archived, readable by complaint managers and the "
        "data protection officer only.",
    )
    reclamation_retention_total_months = fields.Integer(
        string="Complaints kept in total (months)",
        default=60,
        help="Months after closure after which a complaint is anonymised, "
        "unless a legal hold applies.",
    )
    reclamation_action_review_days = fields.Integer(
        string="Review corrective actions after (days)",
        default=90,
        help="Days after a corrective action is done when the complaint "
        "manager checks whether it worked.",
    )

    reclamation_portal_team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Complaint desk for the portal",
        domain="[('is_complaint_desk', '=', True), ('company_id', 'in', [id, False])]",
        help="The complaint desk that receives the complaints customers file "
        "on the portal. Without one, the portal tells customers how to reach "
        "the association instead of offering the form.",
    )
    reclamation_portal_max_per_hour = fields.Integer(
        string="Complaints per person per hour on the portal",
        default=5,
        help="How many complaints one person may file on the portal in an hour.",
    )

    reclamation_protection_months = fields.Integer(
        string="Protection of complainants (months)",
        default=12,
        help="Months after a person complained during which archiving their "
        "contact, or changing its protected fields, needs a written "
        "justification and the approval of another complaint manager. 0: no "
        "protection.",
    )
    reclamation_protected_field_ids = fields.Many2many(
        comodel_name="ir.model.fields",
        relation="res_company_reclamation_protected_field_rel",
        column1="company_id",
        column2="field_id",
        string="Protected fields of complainants",
        domain=[("model", "=", "res.partner"), ("store", "=", True)],
        help="Fields of a recent complainant's contact that change only with an "
        "approved request (archiving always does), e.g. tags, a membership "
        "state or a blocking flag.",
    )
    # Read on each write of a contact: a column of the company, fetched with
    # its other fields, rather than a query of the many2many each time.
    reclamation_protected_field_names = fields.Char(
        compute="_compute_reclamation_protected_field_names", store=True
    )

    @api.depends("reclamation_protected_field_ids.name")
    def _compute_reclamation_protected_field_names(self):
        for company in self:
            company.reclamation_protected_field_names = ",".join(
                sorted(company.reclamation_protected_field_ids.mapped("name"))
            )

    reclamation_mediator_id = fields.Many2one(
        comodel_name="res.partner",
        string="Consumer mediator",
        help="The consumer mediator customers can refer a dispute to (Code de la "
        "consommation, L612-1): its name, website and postal address are given "
        "in every full or partial rejection, which cannot be sent without one.",
    )
    reclamation_appeal_days = fields.Integer(
        string="Internal appeal window (days)",
        default=30,
        help="Days after a full or partial rejection is sent during which the "
        "customer may ask for an internal appeal.",
    )

    @api.constrains("reclamation_appeal_days")
    def _check_reclamation_appeal_days(self):
        for company in self:
            if company.reclamation_appeal_days < 1:
                raise ValidationError(
                    self.env._("The internal appeal window must be at least one day.")
                )

    reclamation_survey_delay_days = fields.Integer(
        string="Satisfaction survey after closure (days)",
        default=7,
        help="Days after a complaint is closed before its customer is invited "
        "to the satisfaction survey.",
    )
    reclamation_survey_reminder_days = fields.Integer(
        string="Satisfaction survey reminder (days)",
        default=7,
        help="Days after the invitation before the one reminder is sent to a "
        "customer who has not answered.",
    )
    reclamation_survey_validity_days = fields.Integer(
        string="Satisfaction survey open (days)",
        default=30,
        help="Days during which the customer can answer the survey after the "
        "invitation; it then closes.",
    )

    @api.constrains(
        "reclamation_retention_active_months", "reclamation_retention_total_months"
    )
    def _check_reclamation_retention(self):
        for company in self:
            active = company.reclamation_retention_active_months
            total = company.reclamation_retention_total_months
            if active < 0 or total <= 0 or total < active:
                raise ValidationError(
                    self.env._(
                        "Retention periods must be positive, and complaints must "
                        "stay active no longer than they are kept in total."
                    )
                )

    @api.constrains("reclamation_action_review_days")
    def _check_reclamation_action_review_days(self):
        if any(company.reclamation_action_review_days < 0 for company in self):
            raise ValidationError(
                self.env._(
                    "The delay before reviewing a corrective action cannot be "
                    "negative."
                )
            )

    @api.constrains(
        "reclamation_survey_delay_days",
        "reclamation_survey_reminder_days",
        "reclamation_survey_validity_days",
    )
    def _check_reclamation_survey_delays(self):
        for company in self:
            if (
                company.reclamation_survey_delay_days < 0
                or company.reclamation_survey_reminder_days <= 0
                or company.reclamation_survey_validity_days
                <= company.reclamation_survey_reminder_days
            ):
                raise ValidationError(
                    self.env._(
                        "The satisfaction survey delays must be positive, and "
                        "the survey must stay open longer than the delay of its "
                        "reminder."
                    )
                )

    @api.constrains("reclamation_portal_team_id", "reclamation_portal_max_per_hour")
    def _check_reclamation_portal(self):
        for company in self:
            desk = company.reclamation_portal_team_id
            if desk and (
                not desk.is_complaint_desk
                or desk.company_id not in (company, self.env["res.company"])
            ):
                raise ValidationError(
                    self.env._(
                        "%(team)s cannot receive the complaints filed on the "
                        "portal: choose a complaint desk of %(company)s.",
                        team=desk.display_name,
                        company=company.display_name,
                    )
                )
            if company.reclamation_portal_max_per_hour < 1:
                raise ValidationError(
                    self.env._(
                        "Allow at least one complaint per person per hour on "
                        "the portal."
                    )
                )

    # Readiness (charter article 8): what the desk needs before it opens.

    def _reclamation_readiness(self):
        """The checks of the complaint desk of this company, in order: a list
        of dicts with ``key``, ``label``, ``ok``, ``detail`` (what is missing,
        or False), ``action_label`` and ``action`` (an action opening the
        place to fix it, or None). Read as the superuser: it tells an
        administrator what exists, not what they may read."""
        self.ensure_one()
        company = self.sudo()
        return [
            company._reclamation_check_calendar(),
            company._reclamation_check_policy(),
            company._reclamation_check_charter(),
            company._reclamation_check_consent_texts(),
            company._reclamation_check_privacy_notice(),
            company._reclamation_check_retention(),
            company._reclamation_check_mediator(),
            company._reclamation_check_mail(),
        ]

    def _reclamation_action(self, xmlid, **values):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update(values)
        return action

    def _reclamation_settings_action(self, setting_id):
        """Settings opened at the setting itself (scrolled to and
        highlighted), as Odoo's own links to a setting do."""
        return {
            "type": "ir.actions.act_url",
            "url": f"/odoo/settings#{setting_id}",
            "target": "self",
        }

    def _reclamation_deadline_calendars(self):
        """The calendars the company's complaint deadlines are counted on:
        its desks' (else the company's) and its policies'."""
        desks = self.env["helpdesk.ticket.team"].search(
            [("is_complaint_desk", "=", True), ("company_id", "in", [False, self.id])]
        )
        calendars = self.env["resource.calendar"]
        for desk in desks:
            calendars |= desk.resource_calendar_id or self.resource_calendar_id
        policies = self.env["reclamation.sla.policy"].search(
            [("company_id", "in", [False, self.id])]
        )
        calendars |= policies.calendar_id
        return calendars or self.resource_calendar_id

    def _reclamation_check_calendar(self):
        today = fields.Date.context_today(self)
        start = datetime.combine(today, time.min)
        end = start + timedelta(days=365)
        calendars = self._reclamation_deadline_calendars()
        missing = calendars.filtered(
            lambda calendar: not calendar.global_leave_ids.filtered(
                lambda leave: leave.date_to >= start and leave.date_from <= end
            )
        )
        if not calendars:
            detail = self.env._("No working calendar: deadlines would run 24/7.")
        elif missing:
            detail = self.env._(
                "No public holiday in the next 12 months on %(calendars)s.",
                calendars=", ".join(missing.mapped("name")),
            )
        else:
            detail = False
        action = self._reclamation_action(
            "reclamation_charter.reclamation_public_holiday_import_action",
            context={"default_calendar_id": (missing or calendars)[:1].id},
        )
        return {
            "key": "calendar",
            "label": self.env._("A working calendar with public holidays"),
            "ok": bool(calendars) and not missing,
            "detail": detail,
            "action_label": self.env._("Import public holidays"),
            "action": action,
        }

    def _reclamation_check_policy(self):
        ok = bool(
            self.env["reclamation.sla.policy"].search_count(
                [("company_id", "in", [False, self.id])], limit=1
            )
        )
        return {
            "key": "policy",
            "label": self.env._("A deadline policy"),
            "ok": ok,
            "detail": not ok
            and self.env._(
                "No deadline policy: no clock runs on complaints. Apply the "
                "generic preset, or load the deadlines of your sector."
            ),
            "action_label": self.env._("Load the deadlines of a sector"),
            "action": self._reclamation_action(
                "reclamation_charter.reclamation_sla_preset_action",
                context={"default_company_id": self.id},
            ),
        }

    def _reclamation_check_charter(self):
        today = fields.Date.context_today(self)
        ok = bool(
            self.env["reclamation.charter"].search_count(
                [
                    ("company_id", "=", self.id),
                    ("state", "=", "published"),
                    ("effective_date", "<=", today),
                ],
                limit=1,
            )
        )
        return {
            "key": "charter",
            "label": self.env._("A published charter in force"),
            "ok": ok,
            "detail": not ok
            and self.env._("No version of the charter is published and in force."),
            "action_label": self.env._("Open the charter versions"),
            "action": self._reclamation_action(
                "reclamation_charter.reclamation_charter_action"
            ),
        }

    def _reclamation_check_consent_texts(self):
        purposes = self.env["reclamation.consent.purpose"].search(
            [("active", "=", True)]
        )
        published = (
            self.env["reclamation.consent.text"]
            .search(
                [
                    ("company_id", "=", self.id),
                    ("state", "=", "published"),
                    ("purpose_id", "in", purposes.ids),
                ]
            )
            .purpose_id
        )
        missing = purposes - published
        return {
            "key": "consent_texts",
            "label": self.env._("A published consent text for each purpose"),
            "ok": not missing,
            "detail": bool(missing)
            and self.env._(
                "No published consent text for: %(purposes)s (archive a "
                "purpose you do not use).",
                purposes=", ".join(missing.mapped("name")),
            ),
            "action_label": self.env._("Open the consent texts"),
            "action": self._reclamation_action(
                "reclamation_charter.reclamation_consent_text_action"
            ),
        }

    def _reclamation_check_privacy_notice(self):
        today = fields.Date.context_today(self)
        ok = bool(
            self.env["reclamation.privacy.notice"].search_count(
                [
                    ("company_id", "=", self.id),
                    ("state", "=", "published"),
                    ("effective_date", "<=", today),
                ],
                limit=1,
            )
        )
        return {
            "key": "privacy_notice",
            "label": self.env._("A published privacy notice"),
            "ok": ok,
            "detail": not ok
            and self.env._(
                "No privacy notice is published and in force: people who "
                "complain are not told what is collected, why, for how long, "
                "their rights and whom to contact."
            ),
            "action_label": self.env._("Open the privacy notices"),
            "action": self._reclamation_action(
                "reclamation_charter.reclamation_privacy_notice_action"
            ),
        }

    def _reclamation_check_retention(self):
        ok = (
            self.reclamation_retention_total_months > 0
            and self.reclamation_retention_active_months >= 0
        )
        return {
            "key": "retention",
            "label": self.env._("A retention policy"),
            "ok": ok,
            "detail": not ok
            and self.env._("Set how long complaints are kept after closure."),
            "action_label": self.env._("Set the retention periods"),
            "action": self._reclamation_settings_action("reclamation_retention"),
        }

    def _reclamation_mediator_missing(self):
        """What the company's consumer mediator lacks for a rejection to
        name it (its website, its postal address), in words; empty when
        complete or when there is no mediator."""
        self.ensure_one()
        mediator = self.sudo().reclamation_mediator_id
        if not mediator:
            return []
        return [
            label
            for label, value in (
                (self.env._("website"), mediator.website),
                (self.env._("postal address"), mediator.street and mediator.city),
            )
            if not value
        ]

    def _reclamation_check_mediator(self):
        mediator = self.reclamation_mediator_id
        missing = self._reclamation_mediator_missing()
        ok = bool(mediator) and not missing
        if not mediator:
            detail = self.env._(
                "No consumer mediator is set: a full or partial rejection cannot "
                "be sent to a customer."
            )
        else:
            detail = not ok and self.env._(
                "The consumer mediator %(mediator)s lacks a %(missing)s: the "
                "rejections give it to the customer.",
                mediator=mediator.display_name,
                missing=", ".join(missing),
            )
        return {
            "key": "mediator",
            "label": self.env._("A consumer mediator"),
            "ok": ok,
            "detail": detail,
            "action_label": self.env._("Set the consumer mediator"),
            "action": self._reclamation_settings_action("reclamation_mediator"),
        }

    def _reclamation_check_mail(self):
        """Replies to the letters reach their complaint: the letters ask for
        them at the desk's alias, else at the catch-all of the company's
        alias domain, and Odoo threads them by their references. Without an
        alias domain they would go to the company's own address, a general
        mailbox, not to the complaint's thread."""
        ok = bool(self.alias_domain_id)
        return {
            "key": "mail",
            "label": self.env._("Replies by email reach the complaint"),
            "ok": ok,
            "detail": not ok
            and self.env._(
                "No alias domain: the letters ask for replies at %(address)s, "
                "and the customers' answers and appeals by email do not reach "
                "their complaint.",
                address=self.email or self.env._("the company's address"),
            ),
            "action_label": self.env._("Set the alias domain"),
            "action": self._reclamation_action("mail.mail_alias_domain_action"),
        }
