// The results' charts, from our own Chart.js. Numbers and translated labels come from the page (json_script);
// each chart's table on the page shows the same numbers, for screen readers and without JavaScript.
const charts = JSON.parse(document.getElementById("survey-charts").textContent);
const RED = "#b0001e";
const BLUE = "#1d4f91";

for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
  const chart = charts[canvas.dataset.chart];
  if (!chart) continue;
  const horizontal = chart.horizontal || chart.type === "ranking";
  canvas.parentElement.style.height = horizontal ? `${Math.max(8, chart.labels.length * 2.6 + 3)}rem` : "16rem";
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.labels,
      datasets: [{ label: chart.label, data: chart.values, backgroundColor: chart.type === "ranking" ? BLUE : RED }],
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      maintainAspectRatio: false,
      animation: false,
      scales: {
        [horizontal ? "x" : "y"]: { beginAtZero: true, ...(chart.type === "ranking" ? { min: 1 } : { ticks: { precision: 0 } }) },
      },
      plugins: { legend: { display: false } },
    },
  });
  canvas.dataset.ready = "true";
}
