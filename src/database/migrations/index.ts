import { Init1795696874142 } from './1795696874142-Init';
// The migrations in the order they run. `npm run migration:generate <Name>` appends here; never edit a
// migration after it has landed on main: write a new one.
export const MIGRATIONS: (new () => unknown)[] = [Init1795696874142];
