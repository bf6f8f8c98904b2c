import { main } from '@/lib/background';

export default defineBackground({ main });
