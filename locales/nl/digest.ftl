# Digest texts: the overview of security advisories that Ketenwacht posts in a chat.
# Readers are webshop owners; address them with "u" and keep it plain.

## Header

tier-basic = basis
tier-advanced = gevorderd
tier-expert = expert

# $tier: tier name; $from, $to: formatted dates (see digest-date)
digest-header = Ketenwacht-overzicht, niveau { $tier }: { $from } tot { $to }

# $day, $year: numbers as text; $month: month name (digest-month); $time: HH:MM; $zone: CET or CEST
digest-date = { $day } { $month } { $year } { $time } { $zone }

# $month: 1 to 12
digest-month = { $month ->
    [1] januari
    [2] februari
    [3] maart
    [4] april
    [5] mei
    [6] juni
    [7] juli
    [8] augustus
    [9] september
    [10] oktober
    [11] november
   *[12] december
}

# $count: number of items in the digest
digest-count = { $count ->
    [one] Eén nieuw of bijgewerkt bericht.
   *[other] { $count } nieuwe of bijgewerkte berichten.
}

# $count: number of urgent items
digest-count-urgent = { $count ->
    [one] Eén daarvan is dringend.
   *[other] { $count } daarvan zijn dringend.
}

digest-nothing-new = Er zijn in deze periode geen nieuwe of bijgewerkte beveiligingsberichten. U hoeft niets te doen.

## Lists

# $first, $second: two list items
list-two = { $first } en { $second }
# $rest: items joined by commas; $last: the final item
list-many = { $rest } en { $last }

## Every item

# $text: the first line of an urgent item
item-urgent = DRINGEND: { $text }
# $label: CLEAR, GREEN, AMBER, AMBER+STRICT or RED
item-tlp = TLP:{ $label }
# $url: link to the advisory
item-link = Meer informatie: { $url }

## Basic tier: plain action, no technical terms

# $product: the product or products the updates are for
item-basic-update = Er zijn beveiligingsupdates voor { $product }.
item-basic-update-generic = Er zijn beveiligingsupdates beschikbaar.

# $urgent: yes or no
item-basic-action-webshop = { $urgent ->
    [yes] Laat uw webbouwer of hostingpartij ze vandaag nog installeren.
   *[no] Laat uw webbouwer of hostingpartij ze installeren.
}
item-basic-action-other = { $urgent ->
    [yes] Installeer ze vandaag nog, of vraag uw IT-beheerder dat meteen te doen.
   *[no] Installeer ze, of vraag uw IT-beheerder dat te doen.
}
item-basic-exploited = Aanvallers maken al misbruik van dit lek.

## Advanced tier: NCSC id, ratings and updates

# $rating: kans/schade pair such as H/H
item-ncsc-rating = kans/schade { $rating }
# $label: urgent or normal
item-ncsc-label = { $label ->
    [urgent] NCSC-label Urgent
   *[normal] NCSC-label Normaal
}
# $version: the new version, such as 1.02
item-updated = bijgewerkt naar versie { $version }
item-updated-plain = bijgewerkt
item-exploited = wordt actief misbruikt
# $products: webshop products the advisory names
item-webshop = raakt webshops: { $products }
# $items: ids of the supplier checklist questions that apply, such as email.tls
item-checklist = Checklist: { $items } (zie /checklist)
item-advanced-action = Installeer de updates van de leverancier.
# $text: a remediation step from the advisory
item-remediation = Oplossing: { $text }

## Expert tier: every CVE and the products

# $products: affected products
item-products = Producten: { $products }
# $count: products not listed
item-products-more = { $count ->
    [one] nog één ander product
   *[other] nog { $count } andere producten
}
# $list: CVEs, each formatted by one of the item-cve-* messages
item-cves = Kwetsbaarheden: { $list }
# $id: CVE id; $score: CVSS base score; $severity: CVSS severity as the source wrote it
item-cve-scored = { $id } (CVSS { $score }, { $severity })
item-cve-score-only = { $id } (CVSS { $score })
item-cve-plain = { $id }
