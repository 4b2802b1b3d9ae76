// The head of sales' dashboard (issue 13): owned by the dashboard work; this page holds its place in the routes.
export default function DashboardPage() {
  return (
    <section>
      <h1>Dashboard</h1>
      <p>The department at a glance will be here.</p>
    </section>
  );
}
