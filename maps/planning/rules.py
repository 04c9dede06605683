"""Who may use the planners' workspace and make API tokens: planners and staff."""

import rules

from geo_participation.accounts.rules import is_planner

rules.add_perm("planning.use_workspace", is_planner)
rules.add_perm("planning.add_apitoken", is_planner)
