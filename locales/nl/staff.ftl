# Opdrachten voor staf: leden verifiëren en het hoogste TLP-label van een chat instellen. De
# lezers zijn de stafleden van de organisatie achter Ketenwacht.

conversation-command-verify = Staf: markeer een lid als geverifieerd voor de eigen organisatie
conversation-command-unverify = Staf: trek de verificatie van een lid in
conversation-command-channel = Staf: stel het hoogste TLP-label in dat deze chat ontvangt

conversation-example-verify = /verifieer 123456789 "Pakketdienst BV"
conversation-example-unverify = /ontverifieer 123456789
conversation-example-channel = /kanaal tlp GREEN

staff-help-intro = Opdrachten voor staf, die alleen stafleden kunnen gebruiken:

staff-role-staff = staf
staff-role-verified-member = geverifieerd lid
staff-role-member = lid

# $role: de naam van de rol, zoals staf
staff-role-needed = Voor deze opdracht heeft u de rol { $role } nodig. Vraag het de staf van Ketenwacht als u die nodig heeft.

staff-verify-usage = Noem het lid en de organisatie, zoals: /verifieer 123456789 "Pakketdienst BV"
staff-unverify-usage = Noem één lid, zoals: /ontverifieer 123456789
# $member: het lid zoals getypt
staff-member-invalid = { $member } is geen lid-id. Typ het numerieke gebruikers-id van het lid, of noem het lid op Discord.
staff-member-username = Telegram vertelt bots niet wie { $member } is. Typ in plaats daarvan het numerieke gebruikers-id van het lid.
# $maximum: het maximale aantal tekens
staff-organisation-too-long = De naam van de organisatie is te lang: gebruik hoogstens { $maximum } tekens.
# $member: het gebruikers-id van het lid; $organisation: de naam van de organisatie
staff-verified = Lid { $member } is geverifieerd voor { $organisation }.
staff-unverified = Lid { $member } is niet meer geverifieerd.
staff-not-verified = Lid { $member } was niet geverifieerd; er is niets veranderd.

staff-tlp-usage = Typ /kanaal tlp gevolgd door CLEAR, GREEN of AMBER, zoals: /kanaal tlp GREEN
# $label: een TLP-label, zoals GREEN
staff-tlp-current = Deze chat ontvangt adviezen tot en met TLP:{ $label }.
staff-tlp-invalid = { $label } is geen TLP-label. Gebruik CLEAR, GREEN of AMBER.
staff-tlp-never = TLP:{ $label } wordt nooit naar een chat gestuurd. Gebruik CLEAR, GREEN of AMBER.
staff-tlp-amber-confirm = TLP:AMBER mag alleen naar een chat waarvan alle leden geverifieerd zijn. Is dat zo, typ dan: /kanaal tlp AMBER bevestig-geverifieerd
staff-tlp-set = Deze chat ontvangt nu adviezen tot en met TLP:{ $label }. De wijziging staat in het auditlog.
