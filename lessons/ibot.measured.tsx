export function IbotTable() {
  return <p>Measurements pending.</p>;
}
