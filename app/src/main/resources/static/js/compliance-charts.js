// The compliance dashboard's charts (issue 18): each element with data-chart holds its data as JSON in data-series
// (labels, EXPORT, IMPORT, target); drawn with ECharts from /webjars. No inline script: the page's CSP allows none.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var d = JSON.parse(el.getAttribute('data-series'));
    var chart = echarts.init(el, null, {renderer: 'svg'});
    var target = d.target;
    function line(name, values) {
      return {name: name, type: 'line', data: values, connectNulls: false, symbolSize: 6,
        markLine: {silent: true, symbol: 'none', lineStyle: {color: '#b00020', type: 'dashed'},
          data: [{yAxis: target, name: target + '%'}], label: {formatter: target + '%'}}};
    }
    chart.setOption({
      animation: false,
      legend: {data: [el.getAttribute('data-export'), el.getAttribute('data-import')]},
      tooltip: {trigger: 'axis'},
      grid: {left: 50, right: 60, top: 40, bottom: 40},
      xAxis: {type: 'category', data: d.labels},
      yAxis: {type: 'value', min: 0, max: 100, axisLabel: {formatter: '{value}%'}},
      series: [line(el.getAttribute('data-export'), d.EXPORT), line(el.getAttribute('data-import'), d.IMPORT)]
    });
    el.setAttribute('data-drawn', 'true');
  });
});
