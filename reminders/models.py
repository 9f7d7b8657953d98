"""reminders models."""
