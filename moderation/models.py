# Flags, the reports queue, the moderation log and the official-response queue live here
# (issues 3 and 4); the app exists from the start so that its migrations begin at 0001.
