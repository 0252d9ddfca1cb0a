# Digest texts: the overview of security advisories that Ketenwacht posts in a chat.
# Readers are webshop owners; keep it plain.

## Header

tier-basic = basic
tier-advanced = advanced
tier-expert = expert

# $tier: tier name; $from, $to: formatted dates (see digest-date)
digest-header = Ketenwacht digest, { $tier } level: { $from } to { $to }

# $day, $year: numbers as text; $month: month name (digest-month); $time: HH:MM; $zone: CET or CEST
digest-date = { $day } { $month } { $year } { $time } { $zone }

# $month: 1 to 12
digest-month = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}

# $count: number of items in the digest
digest-count = { $count ->
    [one] One new or updated advisory.
   *[other] { $count } new or updated advisories.
}

# $count: number of urgent items
digest-count-urgent = { $count ->
    [one] One of them is urgent.
   *[other] { $count } of them are urgent.
}

digest-nothing-new = There are no new or updated security advisories in this period. No action is needed.

## Lists

# $first, $second: two list items
list-two = { $first } and { $second }
# $rest: items joined by commas; $last: the final item
list-many = { $rest } and { $last }

## Every item

# $text: the first line of an urgent item
item-urgent = URGENT: { $text }
# $label: CLEAR, GREEN, AMBER, AMBER+STRICT or RED
item-tlp = TLP:{ $label }
# $url: link to the advisory
item-link = More information: { $url }

## Basic tier: plain action, no technical terms

# $product: the product or products the updates are for
item-basic-update = Security updates are available for { $product }.
item-basic-update-generic = Security updates are available.

# $urgent: yes or no
item-basic-action-webshop = { $urgent ->
    [yes] Ask your web developer or hosting provider to install them today.
   *[no] Ask your web developer or hosting provider to install them.
}
item-basic-action-other = { $urgent ->
    [yes] Install them today, or ask whoever manages your IT to do so right away.
   *[no] Install them, or ask whoever manages your IT to do so.
}
item-basic-exploited = Attackers are already exploiting this flaw.

## Advanced tier: NCSC id, ratings and updates

# $rating: NCSC probability/damage pair such as H/H
item-ncsc-rating = probability/damage { $rating }
# $label: urgent or normal
item-ncsc-label = { $label ->
    [urgent] NCSC label Urgent
   *[normal] NCSC label Normal
}
# $version: the new version, such as 1.02
item-updated = updated to version { $version }
item-updated-plain = updated
item-exploited = actively exploited
# $products: webshop products the advisory names
item-webshop = affects webshops: { $products }
# $items: ids of the supplier checklist questions that apply, such as email.tls
item-checklist = Checklist: { $items } (see /checklist)
item-advanced-action = Install the vendor's updates.
# $text: a remediation step from the advisory
item-remediation = Remediation: { $text }

## Expert tier: every CVE and the products

# $products: affected products
item-products = Products: { $products }
# $count: products not listed
item-products-more = { $count ->
    [one] one more product
   *[other] { $count } more products
}
# $list: CVEs, each formatted by one of the item-cve-* messages
item-cves = Vulnerabilities: { $list }
# $id: CVE id; $score: CVSS base score; $severity: CVSS severity as the source wrote it
item-cve-scored = { $id } (CVSS { $score }, { $severity })
item-cve-score-only = { $id } (CVSS { $score })
item-cve-plain = { $id }
