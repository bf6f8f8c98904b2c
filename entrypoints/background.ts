import { main } from '@/lib/worker/background';

export default defineBackground({ main });
