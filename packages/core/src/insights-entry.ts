// dist/tailor-insights.min.js: explanations, the report and the debug overlay, fetched by
// tailor.min.js only when `explain()`, `report()`, `debug()` or `?tailor_debug=1` asks for them.
import * as insights from './insights/insights'

declare global {
  interface Window {
    TailorInsights?: typeof insights
  }
}

window.TailorInsights = insights
