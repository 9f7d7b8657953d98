"""The slots accounts' pages leave for the apps above it (config/panels.py): every app is
above accounts, so accounts names none of them."""

from config.panels import declare

# A member's profile: tools about the member inside its facts, then what they did.
PROFILE_TOOLS = declare("accounts.profile.tools", arguments=("person",))
PROFILE_ACTIVITY = declare("accounts.profile.activity", arguments=("person",))
# The settings page, after the settings form.
SETTINGS_AFTER_FORM = declare("accounts.settings.after_form")
