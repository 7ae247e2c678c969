# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import reclamation_append_only_mixin
from . import reclamation_published_mixin
from . import reclamation_charter
from . import reclamation_decision_log
from . import helpdesk_ticket
from . import reclamation_sla_policy
from . import resource_calendar
from . import resource_calendar_leaves
from . import res_company
from . import res_config_settings
from . import res_partner
from . import reclamation_consent_purpose
from . import reclamation_consent_text
from . import reclamation_consent
from . import reclamation_sharing_exception
from . import reclamation_data_share
from . import reclamation_data_request
from . import reclamation_privacy
from . import helpdesk_ticket_channel
from . import helpdesk_ticket_stage
from . import helpdesk_ticket_team
from . import helpdesk_ticket_sla
from . import helpdesk_ticket_acknowledgement
from . import helpdesk_ticket_privacy
from . import helpdesk_ticket_retention
from . import res_users
