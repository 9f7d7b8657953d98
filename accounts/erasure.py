"""What a member who left is called.

Deleting an account erases the member's own data and deletes or empties their own rows; it
never edits text anyone else wrote. Wherever the site says who did something ("Rita
answered", "assigned to Rita", the team's log, a webhook disabled by a lead), it holds the
person by id and reads their name when the page or email is made (User.name), so a member
who left reads as FORMER_MEMBER there without a row being rewritten (docs/design.md, issue 24).
"""

# What a member who left is called wherever their name was (User.name, the user-link tag).
FORMER_MEMBER = "a former member"
