export function Dinov2Table() {
  return <p>Measurements pending.</p>;
}
