/** Renders the job summary's HTML as plain text for a terminal (tables as aligned columns). */
export function summaryToText(html: string): string {
  const decode = (s: string): string =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
  const text = (s: string): string => decode(s.replace(/<[^>]+>/g, '')).trim()
  const out: string[] = []
  const re = /<h(\d)>([\s\S]*?)<\/h\d>|<table>([\s\S]*?)<\/table>/g
  let m: RegExpExecArray | null
  while ((m = re.exec(html))) {
    if (m[2] !== undefined) {
      out.push('', `${'#'.repeat(Number(m[1]))} ${text(m[2])}`)
      continue
    }
    const rows = [...m[3]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!)))
    const width = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
    for (const r of rows)
      if (r.some(Boolean))
        out.push(
          `  ${r
            .map((c, i) => c.padEnd(width[i] ?? 0))
            .join('  ')
            .trimEnd()}`
        )
  }
  return out.join('\n').trim()
}
