// The result chart, from our own Chart.js. The numbers and the translated labels come from the page
// (json_script); the table on the page shows the same numbers for screen readers and without JavaScript.
const data = JSON.parse(document.getElementById("result-chart-data").textContent);
const canvas = document.getElementById("result-chart");
canvas.parentElement.style.height = `${Math.max(12, data.labels.length * 3.2)}rem`;

new Chart(canvas, {
  type: "bar",
  data: {
    labels: data.labels,
    datasets: [
      { label: data.online_label, data: data.online, backgroundColor: "#b0001e" },
      { label: data.postcards_label, data: data.postcards, backgroundColor: "#1d4f91" },
    ],
  },
  options: {
    indexAxis: "y",
    maintainAspectRatio: false,
    animation: false,
    scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
    plugins: { legend: { position: "bottom" } },
  },
});
canvas.dataset.ready = "true";
