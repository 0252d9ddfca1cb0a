# Staff commands: verifying members and setting the TLP ceiling of a chat. Readers are the
# staff of the organisation that runs Ketenwacht.

conversation-command-verify = Staff: mark a member as verified for their organisation
conversation-command-unverify = Staff: remove a member's verification
conversation-command-channel = Staff: set the highest TLP label this chat receives

conversation-example-verify = /verify 123456789 "Pakketdienst BV"
conversation-example-unverify = /unverify 123456789
conversation-example-channel = /channel tlp GREEN

staff-help-intro = Staff commands, which only staff can use:

staff-role-staff = staff
staff-role-verified-member = verified member
staff-role-member = member

# $role: the name of the role, such as staff
staff-role-needed = This command needs the { $role } role. Ask the Ketenwacht staff if you need it.

staff-verify-usage = Name the member and their organisation, such as: /verify 123456789 "Pakketdienst BV"
staff-unverify-usage = Name one member, such as: /unverify 123456789
# $member: the member as typed
staff-member-invalid = { $member } is not a member id. Type the member's numeric user id, or mention them on Discord.
staff-member-username = Telegram does not tell bots who { $member } is. Type the member's numeric user id instead.
# $maximum: the maximum number of characters
staff-organisation-too-long = The organisation name is too long: use at most { $maximum } characters.
# $member: the member's user id; $organisation: the organisation's name
staff-verified = Member { $member } is verified for { $organisation }.
staff-unverified = Member { $member } is no longer verified.
staff-not-verified = Member { $member } was not verified, so nothing changed.

staff-tlp-usage = Type /channel tlp followed by CLEAR, GREEN or AMBER, such as: /channel tlp GREEN
# $label: a TLP label, such as GREEN
staff-tlp-current = This chat receives advisories up to TLP:{ $label }.
staff-tlp-invalid = { $label } is not a TLP label. Use CLEAR, GREEN or AMBER.
staff-tlp-never = TLP:{ $label } is never sent to a chat. Use CLEAR, GREEN or AMBER.
staff-tlp-amber-confirm = TLP:AMBER may only go to a chat whose members are all verified. If they are, type: /channel tlp AMBER confirm-verified
staff-tlp-set = This chat now receives advisories up to TLP:{ $label }. The change is recorded in the audit log.
